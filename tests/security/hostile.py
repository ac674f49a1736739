"""A corpus of hostile Markdown and a checker for executable HTML, shared by every suite that
tests a place where trainers write Markdown (lessons, callouts, quiz explanations and
feedback)."""

import html as html_lib
import re
from html.parser import HTMLParser

PAYLOADS = [
    # script tags in their many spellings
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<script\x20type='text/javascript'>alert(1);</script>",
    "<<script>alert(1);//<</script>",
    "<script/xss src=data:,alert(1)></script>",
    # event handlers
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    '<body onload="alert(1)">',
    '<div onmouseover="alert(1)">hover</div>',
    '<a href="#" onclick="alert(1)">click</a>',
    "<svg onload=alert(1)>",
    '<input autofocus onfocus="alert(1)">',
    '<details open ontoggle="alert(1)">',
    '<p style="x:expression(alert(1))">old IE</p>',
    # dangerous URLs in HTML
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '<embed src="javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<style>@import 'https://evil.example/x.css';</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    "<svg><script>alert(1)</script></svg>",
    # Markdown link and image syntax carrying them
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click]( javascript:alert(1) )",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '![x](https://tracker.example/pixel.png "t")',
    '![x"onerror="alert(1)](x.png)',
    '[x](https://example.org/"onmouseover="alert(1))',
    "[ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    # broken tags and entity tricks
    "<img src=`x`onerror=alert(1)>",
    '<a href="x" <script>alert(1)</script>>x</a>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    "<x onclick=alert(1)>custom tag</x>",
]

DANGEROUS_TAGS = {
    "script", "iframe", "object", "embed", "svg", "math", "img", "style", "form", "input",
    "button", "base", "meta", "link", "frame", "frameset", "applet", "audio", "video",
    "source", "template", "noscript", "textarea", "select", "details",
}  # fmt: skip
SAFE_SCHEMES = ("http://", "https://", "mailto:", "/", "#", "?")
_CONTROL = re.compile(r"[\x00-\x20]+")


class _Finder(HTMLParser):
    def __init__(self, allow_script_src_prefix=None):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.allow_script_src_prefix = allow_script_src_prefix

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and self.allow_script_src_prefix:
            src = attributes.get("src") or ""
            if not src.startswith(self.allow_script_src_prefix):
                self.problems.append(f"<script src={src!r}>")
        elif tag in DANGEROUS_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            if name == "style":
                self.problems.append(f"{tag} style=")
            if name in ("href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"):
                url = _CONTROL.sub("", html_lib.unescape(value or "")).lower()
                if url and not url.startswith(SAFE_SCHEMES) and ":" in url.split("/")[0]:
                    self.problems.append(f"{tag} {name}={value!r}")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


def executable_parts(html: str, allow_script_src_prefix: str | None = None) -> list[str]:
    """Everything in `html` that could run script or load from elsewhere without a click."""
    finder = _Finder(allow_script_src_prefix)
    finder.feed(html)
    finder.close()
    return finder.problems
