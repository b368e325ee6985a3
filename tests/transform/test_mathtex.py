"""Finding TeX math in posts that are already HTML, and the Markdown document pandoc reads it from."""

from __future__ import annotations

from postbind import convert, mathtex
from postbind.mathtex import Formula


def formulas(body: str) -> list[tuple[str, bool]]:
    found = mathtex.find(body)
    return [(f.tex, f.display) for f in found.formulas] if found else []


def test_a_body_without_math_is_left_alone():
    assert mathtex.find("<p>It costs $5 or $6, \\ and [that] is all.</p>") is None


def test_mathjax_delimiters_scripts_and_environments_in_reading_order():
    body = (
        '<p>First \\(a\\), then <script type="math/tex">b</script>, then $$c$$.</p>'
        '<p><script type="math/tex; mode=display">d</script> \\[e\\]</p>'
        "\\begin{align}f &amp;= g\\end{align}"
    )
    assert formulas(body) == [
        ("a", False), ("b", False), ("c", True), ("d", True), ("e", True), ("\\begin{align}f &= g\\end{align}", True)
    ]  # fmt: skip


def test_code_and_preformatted_text_keep_their_tex():
    assert formulas("<pre>\\(x\\)</pre><p><code>$$y$$</code> and \\(z\\)</p>") == [("z", False)]


def test_display_math_that_wpautop_broke_over_lines_is_one_formula():
    assert formulas("<p>$$<br />\na = b<br />\n$$</p>") == [("a = b", True)]


def test_the_body_keeps_its_text_around_the_formulas():
    found = mathtex.find("<p>x \\(1\\) y <em>z</em> \\(2\\) w</p>")
    assert found.markup == (
        '<p>x <span data-postbind-math="0"></span> y <em>z</em> <span data-postbind-math="1"></span> w</p>'
    )


def test_definitions_go_to_pandoc_before_the_formulas_that_use_them():
    found = (Formula("\\newcommand{\\R}{\\mathbb{R}} x \\in \\R", False), Formula("\\renewcommand{\\a}[1]{#1}", True))
    text, where = mathtex.document(found)
    assert text == "\\newcommand{\\R}{\\mathbb{R}}\n\n\\(x \\in \\R\\)\n\n\\renewcommand{\\a}[1]{#1}\n"
    assert where == [0, None]


def test_filled_in_from_pandoc_with_macros_applied_and_a_broken_formula_as_tex():
    found = mathtex.find("<p>\\(\\newcommand{\\N}{\\mathbb{N}}\\) \\(n \\in \\N\\) and \\(\\frac{a\\)</p>")
    text, where = mathtex.document(found.formulas)
    (result,), _ = convert.to_html([convert.Job("math", text=text)])
    body = mathtex.fill(found, where, result.pieces)
    assert body.count("<math") == 1 and "\\mathbb{N}" in body and 'mathvariant="double-struck"' in body
    assert '<span class="math inline">$\\frac{a$</span>' in body


def test_when_pandoc_gives_nothing_back_the_tex_stays_for_the_math_step_to_report():
    found = mathtex.find("<p>\\(a &lt; b\\)</p>")
    assert mathtex.fill(found, [0], ()) == '<p><span class="math inline">a &lt; b</span></p>'
