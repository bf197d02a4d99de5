"""The provider client: any OpenAI-compatible chat completions endpoint through the `openai`
SDK (the optional `llm` extra), one request at a time, each within a total deadline that
covers its retries; a 429 or 5xx is retried after the server's Retry-After (or a backoff)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx

log = logging.getLogger(__name__)

DEADLINE_SECONDS = 60.0  # one request, retries and waits included
ATTEMPTS = 3
BACKOFF_SECONDS = 2.0
RETRIED_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504})

Messages = Sequence[dict[str, str]]


class ProviderError(Exception):
    """The provider gave no usable answer in time; the caller goes on without one."""


@dataclass(frozen=True)
class Answer:
    """The model's text and the tokens the request cost (prompt and answer)."""

    text: str
    tokens: int


def retry_after(headers: httpx.Headers | None) -> float | None:
    """Seconds the server asks us to wait (Retry-After in seconds; HTTP dates are ignored)."""
    raw = headers.get("retry-after") if headers is not None else None
    try:
        return max(0.0, float(raw)) if raw is not None else None
    except ValueError:
        return None


class ChatProvider:
    """One lane to the provider: a second caller waits for the first request to finish."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        model: str,
        *,
        deadline: float = DEADLINE_SECONDS,
        attempts: int = ATTEMPTS,
        backoff: float = BACKOFF_SECONDS,
    ) -> None:
        from openai import AsyncOpenAI  # the optional extra: imported only when configured

        # The SDK's own retries would not honour our deadline: we retry ourselves.
        self._client = AsyncOpenAI(
            base_url=base_url, api_key=api_key or "none", max_retries=0, timeout=deadline
        )
        self.model, self.deadline, self.attempts, self.backoff = model, deadline, attempts, backoff
        self._lane = asyncio.Lock()
        self.requests = 0  # HTTP requests made (for the bench and the tests)

    async def complete(self, messages: Messages, max_tokens: int) -> Answer:
        """The model's answer, or ProviderError within the deadline (retries included)."""
        async with self._lane:
            try:
                return await asyncio.wait_for(self._attempt(messages, max_tokens), self.deadline)
            except TimeoutError:
                raise ProviderError(f"no answer within {self.deadline:.0f} s") from None

    async def _attempt(self, messages: Messages, max_tokens: int) -> Answer:
        import openai

        started = time.monotonic()
        for attempt in range(self.attempts):
            wait = self.backoff * 2**attempt
            try:
                self.requests += 1
                response: Any = await self._client.chat.completions.create(
                    model=self.model,
                    messages=list(messages),  # type: ignore[arg-type]
                    max_tokens=max_tokens,
                    temperature=0.2,
                )
                return _answer(response)
            except openai.APIStatusError as exc:
                if exc.status_code not in RETRIED_STATUSES:
                    raise ProviderError(f"provider refused: {exc.status_code}") from None
                wait = retry_after(exc.response.headers) or wait
                problem = f"provider answered {exc.status_code}"
            except (openai.APIConnectionError, openai.APITimeoutError) as exc:
                problem = f"provider unreachable: {type(exc).__name__}"
            except (openai.APIError, ValueError, TypeError, AttributeError) as exc:
                raise ProviderError(f"malformed answer: {type(exc).__name__}") from None
            left = self.deadline - (time.monotonic() - started)
            if attempt + 1 == self.attempts or wait >= left:
                raise ProviderError(problem)
            log.info("%s; retry %d in %.1f s", problem, attempt + 1, wait)
            await asyncio.sleep(wait)
        raise ProviderError("no attempts")  # attempts < 1

    async def close(self) -> None:
        """Close the SDK's HTTP connections."""
        await self._client.close()


def _answer(response: Any) -> Answer:
    """The first choice's text and the usage; a malformed answer raises ProviderError."""
    choices = getattr(response, "choices", None)
    if not choices or not isinstance(choices[0].message.content, str):
        raise ProviderError("answer without text")
    text = choices[0].message.content
    usage = getattr(response, "usage", None)
    tokens = getattr(usage, "total_tokens", None) if usage is not None else None
    if not isinstance(tokens, int):
        tokens = len(text) // 2 + 500  # a provider that does not count: a rough guess
    return Answer(text, tokens)
