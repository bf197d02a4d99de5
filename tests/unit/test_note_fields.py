"""Labelled notes split into the catalog's fields, with the labels the club really writes."""

from __future__ import annotations

import pytest

from store.parse.note_fields import NoteFields, label_of, parse_note, parse_paper_note, split_tags

LABEL_CASES = [
    # Chinese, as in the seed
    ("- 论文名称:QADYNAMICS: Training Dynamics", ("title", "QADYNAMICS: Training Dynamics")),
    ("- 论文标题:System 2 Attention", ("title", "System 2 Attention")),
    ("- 标题:Mixtral of Experts", ("title", "Mixtral of Experts")),
    (
        "论文:TinyLlama: An Open-Source Small Language Model",
        ("title", "TinyLlama: An Open-Source Small Language Model"),
    ),
    (
        "- 论文地址:https://arxiv.org/pdf/2310.11303v1.pdf",
        ("url", "https://arxiv.org/pdf/2310.11303v1.pdf"),
    ),
    ("- 论文链接:https://arxiv.org/abs/2311.11829", ("url", "https://arxiv.org/abs/2311.11829")),
    ("- 机构:斯坦福大学", ("institution", "斯坦福大学")),
    (
        "- 论文Github地址:https://github.com/HKUST-KnowComp/QaDynamics",
        ("github", "https://github.com/HKUST-KnowComp/QaDynamics"),
    ),
    ("- Github 地址:", ("github", "")),
    (
        "- GitHub 地址:https://github.com/MingLiiii/Cherry_LLM",
        ("github", "https://github.com/MingLiiii/Cherry_LLM"),
    ),
    ("- 会议:CIKM 2023", ("venue", "CIKM 2023")),
    ("- 动机:LLM幻觉问题", ("motivation", "LLM幻觉问题")),
    ("- 论文方法:论文提出了", ("method", "论文提出了")),
    ("- 方法:HyDE将LLM生成的结果进行编码", ("method", "HyDE将LLM生成的结果进行编码")),
    ("- 思路:", ("method", "")),
    ("- 实验结果:TeleChat在广泛的公共基准测试中", ("results", "TeleChat在广泛的公共基准测试中")),
    ("- 相关领域:模型结构改进、预训练", ("tags", "模型结构改进、预训练")),
    ("「模型简介:」本文介绍了TinyLlama", ("summary", "本文介绍了TinyLlama")),
    ("「简述:」Orca 2是一个", ("summary", "Orca 2是一个")),
    # the machine-translated Indonesian of the seed
    ("- Judul Kertas: Gemini: Keluarga Model", ("title", "Gemini: Keluarga Model")),
    ("- Judul kertas: penyetelan instruksi visual", ("title", "penyetelan instruksi visual")),
    ("- Alamat kertas: arxiv.org/abs/2312.06109", ("url", "arxiv.org/abs/2312.06109")),
    ("- Organisasi: Google", ("institution", "Google")),
    ("- Institusi: Microsoft Research Institute", ("institution", "Microsoft Research Institute")),
    ("- Lembaga: Universitas Sains", ("institution", "Universitas Sains")),
    ("- mekanisme:", ("institution", "")),  # 机构 read as "mechanism" by the translator
    (
        "- Alamat GitHub: https://github.com/haotian-liu/llava",
        ("github", "https://github.com/haotian-liu/llava"),
    ),
    ("- Tesis Alamat GitHub:", ("github", "")),
    ("- Kode: github.com/zhuyiche/llava-phi", ("github", "github.com/zhuyiche/llava-phi")),
    ("- Pertemuan: Cikm 2023", ("venue", "Cikm 2023")),
    ("- Motivasi: Model bahasa besar", ("motivation", "Model bahasa besar")),
    ("- Latar belakang kertas: Model bahasa", ("motivation", "Model bahasa")),
    ("- Metode Kertas: Makalah ini", ("method", "Makalah ini")),
    ("- metode:", ("method", "")),
    ("- Kerangka Kertas:", ("method", "")),
    ("- Hasil Eksperimen Kertas: Dalam berbagai", ("results", "Dalam berbagai")),
    ("- Efek Eksperimental: Model ini", ("results", "Model ini")),
    (
        "- Bidang terkait: penyesuaian instruksi, multimodal",
        ("tags", "penyesuaian instruksi, multimodal"),
    ),
    ("Bidang Terkait: Evaluasi Model", ("tags", "Evaluasi Model")),
    # English, as members type it
    ("Title: Attention Is All You Need", ("title", "Attention Is All You Need")),
    ("**Method:** a sparse mixture", ("method", "a sparse mixture")),
    ("Paper: https://arxiv.org/abs/2401.04088", ("url", "https://arxiv.org/abs/2401.04088")),
    ("Results：better than Llama 2 70B", ("results", "better than Llama 2 70B")),
    ("Related fields: MoE, efficiency", ("tags", "MoE, efficiency")),
    # not labels: headings and prose with colons
    ("Gemini: Keluarga mode multimodal yang kuat", None),
    ("LLAVA: Model besar multimodal klasik", None),
    ("- Hasil penelitian menunjukkan bahwa pengenalan LLM", None),
    ("https://arxiv.org/abs/2401.04088", None),
    ("- 提出了一个Prompt Uncertainty 思路:假设有一个原始样本对", None),
]


@pytest.mark.parametrize(("line", "expected"), LABEL_CASES)
def test_labels(line: str, expected: tuple[str, str] | None) -> None:
    assert label_of(line) == expected


@pytest.mark.parametrize(
    ("value", "tags"),
    [
        ("模型结构改进、预训练、指令微调", ["模型结构改进", "预训练", "指令微调"]),
        ("Evaluasi Model, Konstruksi Set Data", ["Evaluasi Model", "Konstruksi Set Data"]),
        ("RAG，检索", ["RAG", "检索"]),
        ("", []),
    ],
)
def test_split_tags(value: str, tags: list[str]) -> None:
    assert split_tags(value) == tags


def test_a_labelled_chinese_note_is_split_and_continuations_stay_with_their_field() -> None:
    text = (
        "论文名称:Mixtral of Experts\n"
        "机构:Mistral AI\n"
        "动机:稠密模型推理太贵\n"
        "- 每个token都要走全部参数\n"
        "论文方法:稀疏专家混合\n"
        "- 每层8个专家,每个token选2个\n"
        "实验结果:超过Llama 2 70B\n"
        "相关领域:MoE、推理效率\n"
    )
    assert parse_note(text) == NoteFields(
        title="Mixtral of Experts",
        institution="Mistral AI",
        motivation="稠密模型推理太贵\n每个token都要走全部参数",
        method="稀疏专家混合\n每层8个专家,每个token选2个",
        results="超过Llama 2 70B",
        tags=("MoE", "推理效率"),
    )


def test_unlabelled_text_is_the_body() -> None:
    fields = parse_note("Great paper.\nRead section 3 first.")
    assert fields == NoteFields(body="Great paper.\nRead section 3 first.")
    assert not fields.labelled


def test_lines_after_one_line_fields_and_unknown_labels_are_body() -> None:
    fields = parse_note("Title: X\nPenulis: A, B\nmy own remark\nMethod: y")
    assert fields.title == "X" and fields.method == "y"
    assert fields.body == "Penulis: A, B\nmy own remark"


def test_the_arxiv_id_comes_from_the_address() -> None:
    assert parse_note("论文地址:arxiv.org/pdf/2312.10302.pdf").arxiv_id() == "2312.10302"
    assert parse_note("链接: https://aclanthology.org/2022.emnlp-main.249/").arxiv_id() is None


ABS = "https://arxiv.org/abs/2401.04088"
PAPER_NOTE_CASES = [
    # (note, its url, its body): the paper's arXiv address unless the note gives that paper's link
    ("Method: routing", ABS, ""),
    ("论文地址: https://arxiv.org/pdf/2401.04088v2", "https://arxiv.org/pdf/2401.04088v2", ""),
    ("链接: https://github.com/foo/bar", ABS, "链接: https://github.com/foo/bar"),
    ("- Paper: https://openreview.net/forum?id=x", ABS, "Paper: https://openreview.net/forum?id=x"),
    (
        "论文地址: https://arxiv.org/abs/2312.11805",
        ABS,
        "论文地址: https://arxiv.org/abs/2312.11805",
    ),
]


@pytest.mark.parametrize(("text", "url", "body"), PAPER_NOTE_CASES)
def test_a_note_on_a_paper_keeps_the_papers_address(text: str, url: str, body: str) -> None:
    fields = parse_paper_note(text, "2401.04088", "Mixtral of Experts", ABS)
    assert (fields.title, fields.url, fields.body) == ("Mixtral of Experts", url, body)
