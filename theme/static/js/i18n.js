// Messages of the page's scripts: the templates write them into data- attributes, translated at build
// time; a message with a count carries every plural form of its language (plural_forms() in
// plugins/groups/i18n.py), and the browser picks one with the same CLDR rules Babel uses.

/** Fill %(name)s placeholders. */
export function format(template, values) {
  return template.replace(/%\((\w+)\)s/g, (_, key) => String(values[key]));
}

/** The template of a message with a count (a string: one for every count), in the page language's form for it. */
export function pluralForm(forms, count, lang) {
  if (typeof forms === "string") return forms;
  return forms[new Intl.PluralRules(lang).select(count)] ?? forms.other;
}

/** A message with a count, in the plural form the page language uses for it. */
export function plural(forms, count, lang) {
  return format(pluralForm(forms, count, lang), { num: count });
}
