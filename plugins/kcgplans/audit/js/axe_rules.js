// The rules of the installed axe-core, with their tags and English help (once per browser).
return KCG.axe().getRules().map((r) => ({ id: r.ruleId, tags: r.tags, help: r.help, helpUrl: r.helpUrl }));
