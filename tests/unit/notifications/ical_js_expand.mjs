// What a calendar client built on ical.js makes of one invitation, printed as JSON.
// Usage: node ical_js_expand.mjs <path of ical.js's module> < invitation.ics
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const ICAL = (await import(pathToFileURL(process.argv[2]).href)).default;
const calendar = new ICAL.Component(ICAL.parse(readFileSync(0, "utf8")));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}
const instant = (time) => time.toJSDate().toISOString();
const vevents = calendar.getAllSubcomponents("vevent");
const overrides = vevents.filter((v) => v.hasProperty("recurrence-id"));
const masters = vevents.filter((v) => !v.hasProperty("recurrence-id"));

const events = masters.map((master) => {
  const event = new ICAL.Event(master);
  for (const override of overrides) {
    if (override.getFirstPropertyValue("uid") === event.uid) event.relateException(override);
  }
  const starts = [];
  if (event.isRecurring()) {
    const occurrences = event.iterator();
    for (let next = occurrences.next(); next && starts.length < 500; next = occurrences.next()) {
      starts.push(instant(event.getOccurrenceDetails(next).startDate));
    }
  } else {
    starts.push(instant(event.startDate));
  }
  return {
    uid: event.uid,
    sequence: event.sequence,
    status: master.getFirstPropertyValue("status"),
    organizer: master.getFirstPropertyValue("organizer"),
    attendees: master.getAllProperties("attendee").map((p) => p.getFirstValue()),
    starts: starts.sort(),
  };
});

console.log(JSON.stringify({
  method: calendar.getFirstPropertyValue("method"),
  events,
  overrides: overrides.map((o) => ({
    uid: o.getFirstPropertyValue("uid"),
    recurrence_id: instant(o.getFirstPropertyValue("recurrence-id")),
    status: o.getFirstPropertyValue("status"),
    sequence: o.getFirstPropertyValue("sequence"),
  })),
}));
