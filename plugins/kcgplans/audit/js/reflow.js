// 1.4.10 reflow: run while the viewport is 320 CSS px wide. Returns a list of findings.
const width = document.documentElement.clientWidth;
const pageWidth = document.documentElement.scrollWidth;
const findings = [];
function clipsOrScrollsX(node) {
  const o = getComputedStyle(node).overflowX;
  return o === "auto" || o === "scroll" || o === "hidden" || o === "clip";
}
function escapes(el) {
  const r = el.getBoundingClientRect();
  return r.width > 1 && r.height > 1 && r.right > width + 1;
}
function fixedOrContained(el) {
  for (let node = el; node && node !== document.body; node = node.parentElement) {
    if (getComputedStyle(node).position === "fixed") return true;
    // Wide tables and code blocks may scroll inside their own box: 1.4.10 allows that.
    if (node !== el && clipsOrScrollsX(node)) return true;
  }
  return false;
}
const offenders = [];
for (const el of document.body.querySelectorAll("*")) {
  if (!KCG.visible(el) || !escapes(el) || fixedOrContained(el)) continue;
  // Report where the overflow starts: the parent still fits.
  const parent = el.parentElement;
  if (parent && parent !== document.body && escapes(parent)) continue;
  offenders.push(el);
}
for (const el of offenders.slice(0, 10)) {
  const r = el.getBoundingClientRect();
  findings.push(KCG.finding("reflow", el,
    `在 ${width}px 寬度下超出畫面 ${Math.round(r.right - width)}px / sticks out ${Math.round(r.right - width)}px at ${width}px`));
}
if (!findings.length && pageWidth > width + 1) {
  findings.push(KCG.finding("reflow", document.documentElement,
    `頁面寬 ${pageWidth}px，需要水平捲動 / the page is ${pageWidth}px wide and scrolls horizontally`));
}
return findings;
