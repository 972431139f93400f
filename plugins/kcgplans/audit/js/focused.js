// GN1240100E: what has keyboard focus now (after the first Tab, and again after Enter on the skip link).
const el = document.activeElement;
if (!el || el === document.body || el === document.documentElement) return null;
const r = el.getBoundingClientRect();
return {
  tag: el.localName,
  text: ((el.innerText || el.textContent || "") + " " + (el.getAttribute("aria-label") || "")).trim(),
  href: el.getAttribute("href"),
  selector: KCG.cssPath(el),
  html: el.outerHTML.slice(0, 400),
  shown: el.checkVisibility({ checkVisibilityCSS: true }) && r.width > 1 && r.height > 1 &&
    r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight,
  inMain: !!el.closest("main, [role=main]"),
};
