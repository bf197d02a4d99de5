"""English forms of common Chinese LLM terms, so a Chinese keyword can match arXiv's English
titles and abstracts (and the admin is told whether it can). Small on purpose: a term missing
here still matches Chinese notes, and the admin is asked to add the English keyword."""

from __future__ import annotations

ENGLISH_FORMS: dict[str, tuple[str, ...]] = {
    "检索增强": ("retrieval augmented", "retrieval-augmented generation", "rag"),
    "检索增强生成": ("retrieval augmented generation", "rag"),
    "检索": ("retrieval",),
    "稠密检索": ("dense retrieval",),
    "向量检索": ("dense retrieval", "vector search"),
    "重排序": ("reranking", "re-ranking"),
    "大模型": ("large language model", "llm"),
    "大语言模型": ("large language model", "llm"),
    "语言模型": ("language model",),
    "微调": ("fine-tuning", "finetuning", "fine tuning"),
    "指令微调": ("instruction tuning", "instruction-tuned"),
    "参数高效微调": ("parameter-efficient fine-tuning", "peft"),
    "多模态": ("multimodal", "multi-modal"),
    "智能体": ("agent",),
    "多智能体": ("multi-agent",),
    "提示": ("prompt",),
    "提示词": ("prompt",),
    "提示工程": ("prompt engineering",),
    "思维链": ("chain of thought", "chain-of-thought"),
    "知识图谱": ("knowledge graph",),
    "问答": ("question answering",),
    "推理": ("reasoning", "inference"),
    "强化学习": ("reinforcement learning",),
    "预训练": ("pre-training", "pretraining"),
    "幻觉": ("hallucination",),
    "对齐": ("alignment",),
    "混合专家": ("mixture of experts", "moe"),
    "量化": ("quantization",),
    "蒸馏": ("distillation",),
    "知识蒸馏": ("knowledge distillation",),
    "长上下文": ("long context", "long-context"),
    "评测": ("evaluation", "benchmark"),
    "评估": ("evaluation",),
    "注意力": ("attention",),
    "可解释性": ("interpretability",),
    "代码生成": ("code generation",),
    "机器人": ("robot",),
    "数字人": ("digital human",),
    "多语言": ("multilingual",),
    "摘要": ("summarization",),
    "机器翻译": ("machine translation",),
    "扩散模型": ("diffusion model",),
    "图神经网络": ("graph neural network",),
    "文本生成": ("text generation",),
    "安全": ("safety",),
}


def english_forms(keyword: str) -> tuple[str, ...]:
    """The English forms a Chinese keyword also matches (none when the glossary lacks it)."""
    return ENGLISH_FORMS.get("".join(keyword.split()), ())
