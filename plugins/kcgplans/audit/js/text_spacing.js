// 1.4.12 text spacing: apply the WCAG bookmarklet's spacing and report text that becomes clipped.
// arguments[0]: letter spacing in em for Chinese pages (115.11 asks 0.14), arguments[1]: for other pages (WCAG 0.12).
const letterSpacing = (document.documentElement.lang || "").toLowerCase().startsWith("zh") ? arguments[0] : arguments[1];
const unfreeze = KCG.freezeMotion();
function clipped() {
  const found = new Map();
  for (const el of document.body.querySelectorAll("*")) {
    const cs = getComputedStyle(el);
    const hidesX = cs.overflowX === "hidden" || cs.overflowX === "clip";
    const hidesY = cs.overflowY === "hidden" || cs.overflowY === "clip";
    if (!hidesX && !hidesY) continue;
    // 1–2px boxes are visually-hidden helpers, clipped on purpose.
    if (el.clientWidth <= 2 || el.clientHeight <= 2 || !el.textContent.trim() || !KCG.visible(el)) continue;
    const axes = (hidesX && el.scrollWidth > el.clientWidth + 1 ? "x" : "") +
      (hidesY && el.scrollHeight > el.clientHeight + 1 ? "y" : "");
    if (axes) found.set(el, axes);
  }
  return found;
}
const before = clipped();
const style = document.createElement("style");
style.textContent = `*{line-height:1.5!important;letter-spacing:${letterSpacing}em!important;` +
  "word-spacing:0.16em!important}p{margin-bottom:2em!important}";
document.head.appendChild(style);
const after = clipped();
style.remove();
unfreeze();
const findings = [];
for (const [el, axes] of after) {
  const old = before.get(el) || "";
  if ([...axes].every((axis) => old.includes(axis))) continue; // already clipped by design before
  findings.push(KCG.finding("text-spacing", el,
    `加大文字間距後內容被截斷（${axes.includes("y") ? "垂直" : "水平"}）/ text is clipped ` +
    `(${axes.includes("y") ? "vertically" : "horizontally"}) once text spacing is increased`));
}
return findings;
