// The live preview: the listing as the group's page shows it (theme/templates/group.html), in the page's
// language, with the same labels and wording (directory/render.py's meeting_when), written with
// textContent only: whatever a leader types is shown as text, never parsed as HTML.

import { dateLocale } from "../next-dates.js";

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined && value !== null) node.setAttribute(name, value);
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== "") node.append(child);
  return node;
}

function fill(template, params) {
  return template.replace(/%\((\w+)\)s/g, (_, name) => (name in params ? String(params[name]) : ""));
}

export class Preview {
  constructor(container, config) {
    this.container = container;
    this.config = config;
    this.ui = config.ui;
    // The group page's own month names (Levantine in Arabic): the page's data-date-locale, as next-dates.js.
    this.dates = new Intl.DateTimeFormat(dateLocale(config.lang), { dateStyle: "long", timeZone: "UTC" });
    this.list = new Intl.ListFormat(config.lang, { type: "conjunction" });
    this.directions = Object.fromEntries(config.languages.map((l) => [l.code, l.dir]));
  }

  date(text) {
    const [y, m, d] = String(text).split("-").map(Number);
    if (!y || !m || !d) return String(text);
    return this.dates.format(new Date(Date.UTC(y, m - 1, d)));
  }

  days(keys) {
    return this.list.format((keys || []).map((key) => this.config.days[key] || key));
  }

  /** A group text in the page's language, else a fallback marked with its own language and direction. */
  text(value, tag = "span") {
    if (!value || !Object.keys(value).length) return null;
    const order = [this.config.lang, ...this.config.fallbacks];
    const lang = order.find((code) => value[code]) || Object.keys(value)[0];
    if (lang === this.config.lang) return value[lang];
    return element(tag, { lang, dir: this.directions[lang] || "auto" }, value[lang]);
  }

  when(meeting) {
    const ui = this.ui;
    const ordinals = { 1: ui.first, 2: ui.second, 3: ui.third, 4: ui.fourth, 5: ui.fifth, "-1": ui.last };
    switch (meeting.repeat) {
      case "weekly":
        return fill(ui.every, { days: this.days(meeting.days) });
      case "biweekly":
        return fill(ui.every_other, { days: this.days(meeting.days), date: this.date(meeting.first_date || "") });
      case "monthly":
        if (meeting.day_of_month) return fill(ui.monthly_day, { day: meeting.day_of_month });
        return fill(ui.monthly_weekday, {
          ordinals: this.list.format((meeting.weeks || []).map((w) => ordinals[w] || String(w))),
          days: this.days(meeting.days),
        });
      case "cohort": {
        let text = fill(ui.cohort, {
          days: this.days(meeting.days),
          first: this.date(meeting.first_date || ""),
          last: this.date(meeting.last_date || ""),
        });
        if (meeting.sessions && this.config.sessions[meeting.sessions - 1]) text += ` · ${this.config.sessions[meeting.sessions - 1]}`;
        return text;
      }
      case "by-arrangement":
        return ui.by_arrangement;
      case "ongoing":
        return ui.ongoing;
      default:
        return "";
    }
  }

  meeting(meeting) {
    const item = element("li", {}, this.when(meeting));
    if (meeting.note) item.append(" · ", this.text(meeting.note));
    if (meeting.start) {
      const hours = meeting.end ? `${meeting.start.slice(0, 5)}–${meeting.end.slice(0, 5)}` : meeting.start.slice(0, 5);
      item.append(", ", element("bdi", { dir: "ltr" }, hours));
      // An end earlier than the start is the next day, as on the group's page (render.py: meeting_time).
      if (meeting.end && meeting.end.slice(0, 5) < meeting.start.slice(0, 5)) item.append(" ", this.ui.past_midnight);
      if (meeting.timezone && meeting.timezone !== this.config.timezone) item.append(" ", fill(this.ui.zone_time, { zone: meeting.timezone }));
    }
    return item;
  }

  label(kind, key) {
    return (this.config.labels[kind] || {})[key] || key;
  }

  /** Draw the preview of `data` (the group file's data as the form has it so far). */
  render(data) {
    const ui = this.ui;
    const parts = [];
    const name = this.text(data.name);
    if (!name && !data.summary) {
      this.container.replaceChildren(element("p", { class: "preview-empty" }, ui.preview_empty));
      return;
    }
    parts.push(element("h3", { class: "preview-name" }, name || "…"));
    const summary = this.text(data.summary);
    if (summary) parts.push(element("p", { class: "lead" }, summary));
    if (data.status === "paused") {
      parts.push(element("p", { class: "notice" }, data.paused_until ? fill(ui.paused_until_date, { date: this.date(data.paused_until) }) : ui.paused));
    } else if (data.status === "ended") {
      parts.push(element("p", { class: "notice" }, ui.ended));
    } else if (data.status === "forming") {
      parts.push(element("p", { class: "notice" }, data.planned_start ? fill(ui.forming_planned, { date: this.date(data.planned_start) }) : ui.forming));
    }
    const badges = [
      data.attendance && this.label("attendance", data.attendance),
      data.facilitation && this.label("facilitation", data.facilitation),
      data.membership && this.label("membership", data.membership),
      data.cost && this.label("cost", data.cost),
    ].filter(Boolean);
    if (badges.length) parts.push(element("ul", { class: "badges" }, badges.map((b) => element("li", {}, b))));

    const contact = data.contact || {};
    const ways = [];
    if (contact.phone) ways.push(element("li", {}, `${ui.call} `, element("bdi", { dir: "ltr" }, contact.phone)));
    if (contact.whatsapp) ways.push(element("li", {}, `${ui.whatsapp} `, element("bdi", { dir: "ltr" }, contact.whatsapp)));
    if (contact.email) ways.push(element("li", {}, `${ui.email_label} `, element("bdi", { dir: "ltr" }, contact.email)));
    if (contact.website) ways.push(element("li", {}, `${ui.website} `, element("bdi", { dir: "ltr" }, contact.website)));
    if (ways.length || contact.name) {
      parts.push(element("h4", {}, ui.preview_contact));
      if (contact.name) parts.push(element("p", {}, `${ui.contact_person} `, this.text(contact.name)));
      if (ways.length) parts.push(element("ul", { class: "preview-list" }, ways));
    }

    const meetings = (data.schedule || []).filter((m) => m && m.repeat);
    if (meetings.length) {
      parts.push(element("h4", {}, ui.preview_when));
      parts.push(element("ul", { class: "preview-list" }, meetings.map((m) => this.meeting(m))));
    }

    const where = [];
    const place = data.location;
    if (place && (data.attendance === "in-person" || data.attendance === "hybrid")) {
      const lines = [this.text(place.venue), this.text(place.address), place.city ? this.config.taxonomy.cities[place.city] || place.city : null].filter(Boolean);
      if (lines.length) where.push(element("p", {}, lines.flatMap((line, i) => (i ? [element("br"), line] : [line]))));
      if (place.directions) where.push(element("p", {}, this.text(place.directions)));
      if (place.wheelchair_accessible === true) where.push(element("p", {}, ui.preview_wheelchair_yes));
      if (place.wheelchair_accessible === false) where.push(element("p", {}, ui.preview_wheelchair_no));
    }
    const online = data.online;
    if (online && online.platform && (data.attendance === "online" || data.attendance === "hybrid")) {
      const line = element("p", {}, `${ui.preview_online}: ${this.label("platform", online.platform)}`);
      if (online.note) line.append(": ", this.text(online.note));
      where.push(line);
    }
    if (where.length) parts.push(element("h4", {}, ui.preview_where), ...where);

    const description = this.text(data.description, "div");
    if (description) {
      parts.push(element("h4", {}, ui.preview_about));
      parts.push(element("div", { class: "preview-description" }, description));
    }

    const facts = [];
    const term = (label, value) => facts.push(element("dt", {}, label), element("dd", {}, value));
    if (data.facilitator) term(ui.preview_facilitators, this.text(data.facilitator));
    if (data.organization) term(ui.preview_organisation, this.text(data.organization));
    const topics = (data.topics || []).map((key) => this.config.taxonomy.topics[key] || key);
    const audience = (data.audience || []).map((key) => this.config.taxonomy.audience[key] || key);
    if (topics.length || audience.length) term(ui.preview_for, this.list.format([...topics, ...audience]));
    const languages = (data.languages || []).map((code) => this.config.languageNames[code] || code);
    if (languages.length) term(ui.preview_languages, this.list.format(languages));
    if (data.cost) {
      const cost = element("span", {}, this.label("cost", data.cost));
      if (data.cost_note) cost.append(": ", this.text(data.cost_note));
      term(ui.preview_cost, cost);
    }
    if (facts.length) parts.push(element("dl", { class: "details" }, facts));
    this.container.replaceChildren(element("article", { class: "preview-card" }, parts));
  }
}
