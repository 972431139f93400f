// The live DOM for the markup checks (Python, lxml), serialised after axe and before any check changes styles.
return document.documentElement.outerHTML;
