// What the report says about the page itself; href tells whether a script took the browser elsewhere.
return { href: location.href, lang: document.documentElement.lang || "", title: document.title || "" };
