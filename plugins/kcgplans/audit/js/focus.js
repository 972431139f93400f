// 2.4.7 focus-visible and 2.4.11 focus-not-obscured. Asynchronous: returns a promise of a list of findings.
// Run it last on a page: focus handlers (e.g. Material opening its search overlay) may change the page.
const unfreeze = KCG.freezeMotion();
const findings = [];
const targets = KCG.tabbables();
if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();

// ---- 2.4.7: does anything visible change when the element takes focus? ----
// Each computed property is read once: reading one is a style lookup and a serialisation, and this runs for
// every Tab stop, its neighbours and their pseudo-elements, before and after focus.
function outlineSig(cs) {
  const style = cs.outlineStyle;
  const width = cs.outlineWidth;
  const color = cs.outlineColor;
  const transparent = /rgba\(.*,\s*0\)$/.test(color) || color === "transparent";
  if (style === "none" || (parseFloat(width) || 0) === 0 || transparent) return "none";
  return [style, width, color, cs.outlineOffset].join(" ");
}
function borderSig(cs) {
  return ["Top", "Right", "Bottom", "Left"].map((side) => {
    const style = cs[`border${side}Style`];
    const width = parseFloat(cs[`border${side}Width`]) || 0;
    return style === "none" || width === 0 ? "none" : `${width} ${style} ${cs[`border${side}Color`]}`;
  }).join(",");
}
function styleSig(el, pseudo) {
  const cs = getComputedStyle(el, pseudo);
  const content = cs.content;
  // A ::before/::after whose content is none (or normal, which is none for them) generates no box: nothing of
  // it can be seen, whatever its other properties say.
  if (pseudo && (content === "none" || content === "normal")) return "none";
  const line = cs.textDecorationLine;
  const deco = line === "none" ? "none"
    : [line, cs.textDecorationStyle, cs.textDecorationColor, cs.textDecorationThickness].join(" ");
  return [outlineSig(cs), borderSig(cs), cs.boxShadow, cs.backgroundColor, cs.backgroundImage, cs.color, deco,
    cs.opacity, cs.transform, cs.filter, cs.fontWeight, content].join("|");
}
function rectSig(el) {
  const r = el.getBoundingClientRect();
  const inView = r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight && r.width > 1 && r.height > 1;
  return inView ? `${Math.round(r.left)},${Math.round(r.top)},${Math.round(r.width)},${Math.round(r.height)}` : "off";
}
// Focus styles may sit on the element, its pseudo-elements, its parent (:focus-within), its labels or the next
// sibling (Material styles `input.focus-visible + label` and `~ .tabbed-labels`).
function related(el) {
  const set = new Set([el, el.parentElement, el.nextElementSibling, el.firstElementChild]);
  if (el.labels) for (const label of el.labels) set.add(label);
  return [...set].filter(Boolean);
}
function signature(el) {
  const parts = [rectSig(el)];
  for (const node of related(el)) {
    parts.push(styleSig(node, null), styleSig(node, "::before"), styleSig(node, "::after"));
  }
  return parts.join("#");
}
const pending = [];
for (const el of targets) {
  // Tabbing to an iframe moves focus into its document, where that page's own focus styles apply.
  if (el.localName === "iframe") continue;
  const before = signature(el);
  el.focus({ preventScroll: true, focusVisible: true });
  if (document.activeElement !== el) continue;
  const after = signature(el);
  el.blur();
  if (before === after) pending.push(el);
}

// ---- 2.4.11: is the focused element entirely hidden by a fixed/sticky box? ----
function stuckContainer(el) {
  for (let node = el; node && node !== document.documentElement; node = node.parentElement) {
    const position = getComputedStyle(node).position;
    if (position === "fixed" || position === "sticky") return node;
  }
  return null;
}
const stuck = [...document.body.querySelectorAll("*")].filter((n) => {
  const p = getComputedStyle(n).position;
  return (p === "fixed" || p === "sticky") && KCG.visible(n);
});
const edges = new Set();
for (const box of stuck) {
  const r = box.getBoundingClientRect();
  if (r.height >= innerHeight * 0.9) continue; // a full-height sidebar covers nothing above or below it
  edges.add(r.top + r.height / 2 < innerHeight / 2 ? "top" : "bottom");
}
// A browser that scrolls the focused element to the nearest edge (Firefox, Shift+Tab upwards) puts it right
// under a top bar when coming from below, and right above a bottom bar when coming from above.
const approaches = [...edges].map((edge) => (edge === "top" ? "below" : "above"));
function samplePoints(r) {
  const left = Math.max(r.left, 0), right = Math.min(r.right, innerWidth);
  const top = Math.max(r.top, 0), bottom = Math.min(r.bottom, innerHeight);
  if (right - left < 1 || bottom - top < 1) return [];
  const cx = (left + right) / 2, cy = (top + bottom) / 2;
  return [[cx, cy], [left + 1, top + 1], [right - 1, top + 1], [left + 1, bottom - 1], [right - 1, bottom - 1]];
}
if (approaches.length) {
  for (const el of targets) {
    const own = stuckContainer(el);
    for (const approach of approaches) {
      window.scrollTo(0, approach === "below" ? document.documentElement.scrollHeight : 0);
      // Geometry only: focusing here would run page focus handlers again for nothing.
      el.scrollIntoView({ block: "nearest", inline: "nearest" });
      const points = samplePoints(el.getBoundingClientRect());
      const hidden = points.length > 0 && points.every(([x, y]) => {
        const hit = document.elementFromPoint(x, y);
        if (!hit || el.contains(hit) || hit.contains(el)) return false;
        const box = stuckContainer(hit);
        return box !== null && box !== own && !box.contains(el);
      });
      if (hidden) {
        findings.push(KCG.finding("focus-not-obscured", el,
          `焦點元素被固定/黏性區塊完全遮住（由${approach === "below" ? "下往上" : "上往下"}移動焦點時）/ ` +
          `the focused element is entirely hidden by a fixed or sticky box (moving focus ${approach === "below" ? "upwards" : "downwards"})`));
        break;
      }
    }
  }
  window.scrollTo(0, 0);
}
// Some focus styles are applied by script a moment later (Material's search box opens on focus). Re-check
// a few unchanged elements with a pause, form fields first; more than that is a site-wide problem anyway.
const RECHECK_LIMIT = 10;
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const isField = (el) => ["input", "select", "textarea"].includes(el.localName);
pending.sort((a, b) => Number(isField(b)) - Number(isField(a)));
return (async () => {
  for (const [index, el] of pending.entries()) {
    let changed = false;
    if (index < RECHECK_LIMIT) {
      const before = signature(el);
      el.focus({ preventScroll: true, focusVisible: true });
      await wait(100);
      changed = document.activeElement === el && signature(el) !== before;
      el.blur();
    }
    if (!changed) {
      findings.push(KCG.finding("focus-visible", el,
        "取得焦點時外觀沒有任何變化 / nothing visible changes when the element takes keyboard focus"));
    }
  }
  unfreeze();
  return findings;
})();
