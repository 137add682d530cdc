// Messages of the page's scripts: the templates write them into data- attributes, translated at build
// time; a message with a count carries every plural form of its language (plural_forms() in
// plugins/groups/i18n.py), and the browser picks one with the same CLDR rules Babel uses.

/** Fill %(name)s placeholders. */
export function format(template, values) {
  return template.replace(/%\((\w+)\)s/g, (_, key) => String(values[key]));
}

/** A message with a count, in the plural form the page language uses for it. */
export function plural(forms, count, lang) {
  const category = new Intl.PluralRules(lang).select(count);
  return format(forms[category] ?? forms.other, { num: count });
}
