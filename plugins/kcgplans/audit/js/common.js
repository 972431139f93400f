// Helpers shared by the audit's browser checks; prepended to each check script by checks/browser_js.py.
const KCG = (() => {
  const TABBABLE = [
    "a[href]", "area[href]", "button", "input:not([type=hidden])", "select", "textarea", "summary",
    "iframe", "[tabindex]", "[contenteditable]:not([contenteditable=false])", "audio[controls]",
    "video[controls]",
  ].join(",");

  // A selector that finds the element again: nearest id, then tag:nth-of-type steps.
  function cssPath(el) {
    const steps = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      if (node.id && /^[A-Za-z][\w-]*$/.test(node.id)) { steps.push("#" + node.id); break; }
      const parent = node.parentElement;
      const tag = node.localName;
      if (!parent) { steps.push(tag); break; }
      const same = [...parent.children].filter((c) => c.localName === tag);
      steps.push(same.length === 1 ? tag : `${tag}:nth-of-type(${same.indexOf(node) + 1})`);
    }
    return steps.reverse().join(" > ");
  }

  // Markup for the report; long containers are cut after their start tag.
  function html(el, limit = 400) {
    const outer = el.outerHTML.replace(/\s+/g, " ");
    if (outer.length <= limit) return outer;
    const start = outer.slice(0, outer.indexOf(">") + 1);
    return (start.length < limit ? start + outer.slice(start.length, limit - 1) : start.slice(0, limit - 1)) + "…";
  }

  function visible(el) {
    return el.checkVisibility({ checkVisibilityCSS: true }) && el.getClientRects().length > 0;
  }

  // Elements a keyboard user reaches with Tab.
  function tabbables() {
    return [...document.querySelectorAll(TABBABLE)].filter((el) =>
      el.tabIndex >= 0 && !el.disabled && !el.closest("[inert]") && visible(el));
  }

  function finding(check, el, message) {
    return { check, selector: el ? cssPath(el) : "html", html: el ? html(el) : "", message };
  }

  // Stops CSS transitions/animations so computed styles show the end state immediately.
  function freezeMotion() {
    const style = document.createElement("style");
    style.textContent = "*,*::before,*::after{transition:none!important;animation:none!important;" +
      "scroll-behavior:auto!important}";
    document.head.appendChild(style);
    return () => style.remove();
  }

  return { cssPath, html, visible, tabbables, finding, freezeMotion };
})();
