"""Participant pages' texts in de (keys start with `me.`); see participant.py."""

from __future__ import annotations

DE: dict[str, str] = {
    "me.title": "Meine Programme",
    "me.home.intro": (
        "Ihre Programme, Ihre Partner, Ihre nächsten Termine und das Feedback, das auf Sie wartet."
    ),
    "me.home.no_programs": (
        "Sie sind noch in keinem Programm. Sie erhalten eine E-Mail, sobald Sie aufgenommen werden."
    ),
    "me.home.edit_profile": "Mein Profil bearbeiten",
    "me.home.complete_profile": (
        "Sagen Sie uns, was Sie vermitteln können, was Sie lernen möchten und wann Sie "
        "Zeit haben, damit wir einen guten Partner finden."
    ),
    "me.home.complete_profile_link": "Profil vervollständigen",
    "me.home.partners": "Meine Partner",
    "me.home.no_partner": (
        "Noch kein Partner. Wir melden uns, sobald wir Sie zusammengebracht haben."
    ),
    "me.home.partner_link": "{name} - warum wir Sie zusammengebracht haben",
    "me.home.next_sessions": "Nächste Termine",
    "me.home.no_sessions": "Keine Termine geplant.",
    "me.home.pending_feedback": "Offenes Feedback",
    "me.home.no_feedback": "Kein offenes Feedback.",
    "me.home.feedback_item": "Termin vom {date} - bitte bis {due} beantworten",
    "me.home.self_assessment": "Eigene Fähigkeiten einschätzen",
    "me.home.self_assessment_pre": "Ihre Fähigkeiten vor dem Programm einschätzen",
    "me.home.self_assessment_post": "Ihre Fähigkeiten zum Ende des Programms erneut einschätzen",
    "me.self_assessment.off": "Dieses Programm sieht keine Selbsteinschätzung vor.",
    "me.home.all_sessions": "Alle meine Termine",
    "me.profile.title": "Mein Profil",
    "me.profile.intro": (
        "Was Sie vermitteln können, was Sie lernen möchten und wann Sie Zeit haben. Das "
        "Matching nutzt es für Ihren nächsten Partner."
    ),
    "me.profile.saved": "Gespeichert. Ihr nächstes Matching nutzt Ihr neues Profil.",
    "me.profile.fix": "Bitte prüfen Sie die markierten Felder.",
    "me.profile.offered": "Fähigkeiten, die ich anbiete",
    "me.profile.offered_hint": (
        "Stufe 1 (Grundlagen) bis 5 (Expertin/Experte). Eine leere Zeile wird entfernt."
    ),
    "me.profile.goals": "Was ich lernen möchte",
    "me.profile.goals_hint": "Priorität 1 (wäre schön) bis 5 (am wichtigsten).",
    "me.profile.skill": "Fähigkeit",
    "me.profile.level": "Stufe",
    "me.profile.priority": "Priorität",
    "me.profile.languages": "Meine Sprachen",
    "me.profile.languages_hint": "Sprachcodes, durch Kommas getrennt, zum Beispiel en, de, ja.",
    "me.profile.timezone": "Meine Zeitzone",
    "me.profile.availability": "Wann ich meistens Zeit habe",
    "me.profile.availability_hint": (
        "Kreuzen Sie die Zeiten an, zu denen Sie jede Woche meistens Zeit haben, nach "
        "Ihrer Uhr ({zone})."
    ),
    "me.profile.capacity": "Wie viele Senior-Mentees ich betreuen kann",
    "me.profile.capacity_hint": "Leer lassen für den Standard des Programms.",
    "me.profile.locale": "Sprache des Portals und der E-Mails",
    "me.profile.locale_auto": "Wie mein Browser",
    "me.profile.save": "Profil speichern",
    "me.pair.title": "Mein Partner",
    "me.pair.about": "Über {name}",
    "me.pair.role_junior": "Junior-Mentor",
    "me.pair.role_senior": "Senior-Mentee",
    "me.pair.department": "Abteilung",
    "me.pair.location": "Standort",
    "me.pair.languages": "Sprachen",
    "me.pair.timezone": "Zeitzone",
    "me.pair.offers": "Kann vermitteln",
    "me.pair.learns": "Möchte lernen",
    "me.pair.availability": "Meistens frei (nach Ihrer Uhr, diese Woche)",
    "me.pair.both_free": "Sie sind beide frei (nach Ihrer Uhr, diese Woche)",
    "me.pair.no_shared_time": "Ihre wöchentliche Verfügbarkeit und die Ihres Gegenübers "
    "überschneiden sich diese Woche nicht; tragen Sie freie Zeiten in Ihr Profil ein, damit "
    "Termine geplant werden können.",
    "me.pair.card_unavailable": "Das Profil Ihres Partners kann gerade nicht angezeigt werden.",
    "me.pair.why": "Warum wir Sie zusammengebracht haben",
    "me.pair.score": "Passung {score}",
    "me.pair.points": "+{points} Punkte",
    "me.pair.status_active": "Aktiv",
    "me.pair.status_ended": "Beendet",
    "me.pair.sessions": "Unsere Termine",
    "me.reason.junior_teaches": "Die/der Junior vermittelt, was die/der Senior lernen möchte",
    "me.reason.senior_teaches": "Die/der Senior vermittelt, was die/der Junior lernen möchte",
    "me.reason.availability": "Sie haben zu denselben Zeiten frei",
    "me.reason.cross_department": "Sie arbeiten in verschiedenen Abteilungen",
    "me.reason.seniority_sweet_spot": "Ein guter Erfahrungsabstand",
    "me.reason.timezone_closeness": "Ihre Zeitzonen liegen nah beieinander",
    "me.reason.same_location": "Sie arbeiten am selben Ort",
    "me.reason.match_bonus": "Sie erfüllen alle Regeln des Programms",
    "me.sessions.title": "Meine Termine",
    "me.sessions.none": "Noch keine Termine.",
    "me.sessions.waiting": "Wir suchen eine Zeit, die Ihnen beiden passt.",
    "me.sessions.unschedulable": (
        "Wir haben keine gemeinsame Zeit gefunden. Bitte erweitern Sie Ihre Verfügbarkeit "
        "im Profil."
    ),
    "me.session.title": "Termin {number}",
    "me.session.when": "{date}, {start} - {end} ({offset}, {zone})",
    "me.session.moment": "{date}, {time} ({offset})",
    "me.session.status_scheduled": "Geplant",
    "me.session.status_completed": "Stattgefunden",
    "me.session.status_cancelled": "Abgesagt",
    "me.session.status_missed": "Verpasst",
    "me.session.invitation": "In meinen Kalender (.ics)",
    "me.session.reschedule": "Termin verschieben",
    "me.session.new_start": "Neuer Beginn (Ihre Zeit, {zone})",
    "me.session.move": "Auf diese Zeit verschieben",
    "me.session.next_possible": "Auf die nächste gemeinsame freie Zeit verschieben",
    "me.session.moved": "Der Termin wurde verschoben. Sie beide erhalten eine neue Einladung.",
    "me.session.cancel": "Diesen Termin absagen",
    "me.session.cancel_confirm": "Ja, diesen Termin absagen",
    "me.session.cancelled": "Der Termin wurde abgesagt. Ihr Partner wird benachrichtigt.",
    "me.session.start_invalid": "Bitte geben Sie Datum und Uhrzeit an.",
    "me.session.start_missing_hour": (
        "Diese Uhrzeit gibt es wegen der Zeitumstellung nicht. Bitte wählen Sie eine andere."
    ),
    "me.feedback.title": "Feedback zu Ihrem Termin",
    "me.feedback.session": "Termin vom {date}",
    "me.feedback.due": "Bitte bis {date} beantworten.",
    "me.feedback.value": "Wie wertvoll war dieser Termin für Sie?",
    "me.feedback.preparation": "Wie gut war der Termin vorbereitet?",
    "me.feedback.safety": "Konnten Sie offen sprechen?",
    "me.feedback.safety_hint": (
        "Wird nur in Gruppen gezählt, die groß genug sind, dass niemand erkennbar ist."
    ),
    "me.feedback.skip": "Keine Angabe",
    "me.feedback.scale_low": "1 - gar nicht",
    "me.feedback.scale_high": "5 - sehr",
    "me.feedback.learned": "Was haben Sie gelernt?",
    "me.feedback.taught": "Was haben Sie vermittelt?",
    "me.feedback.no_topics": "Für dieses Paar sind noch keine Themen bekannt.",
    "me.feedback.continue": "Möchten Sie mit diesem Partner weitermachen?",
    "me.feedback.yes": "Ja",
    "me.feedback.no": "Nein",
    "me.feedback.note": "Private Notiz",
    "me.feedback.note_hint": (
        "Nur Sie sehen diese Notiz: Sie wird nie geteilt, exportiert oder gezählt."
    ),
    "me.feedback.send": "Feedback senden",
    "me.feedback.thanks": "Danke, Ihr Feedback ist gespeichert.",
    "me.feedback.editable_until": "Sie können es bis {date} ändern.",
    "me.feedback.closed": "Diese Feedback-Anfrage ist geschlossen.",
    "me.assess.title": "Eigene Fähigkeiten einschätzen ({phase})",
    "me.assess.pre": "zu Beginn",
    "me.assess.post": "am Ende",
    "me.assess.intro": (
        "Schätzen Sie sich von 1 (Anfänger) bis 5 (Experte) ein. Eine Fähigkeit ohne "
        "Angabe wird übersprungen."
    ),
    "me.assess.not_rated": "Keine Angabe",
    "me.assess.send": "Einschätzung speichern",
    "me.assess.saved": "Ihre Einschätzung ist gespeichert.",
    "me.assess.no_skills": "Tragen Sie zuerst Fähigkeiten in Ihr Profil ein.",
    "me.inbox.title": "Posteingang",
    "me.inbox.empty": "Keine Nachrichten.",
    "me.inbox.unread": "Ungelesen",
    "me.inbox.mark_all": "Alle als gelesen markieren",
    "me.inbox.older": "Ältere Nachrichten",
    "me.prefs.title": "Benachrichtigungen",
    "me.prefs.intro": "Wählen Sie, wie wir Sie erreichen und wann wir Ruhe geben.",
    "me.prefs.channels": "Nachrichten senden per",
    "me.prefs.email": "E-Mail",
    "me.prefs.chat": "Chat",
    "me.prefs.inbox": "Posteingang auf dieser Seite",
    "me.prefs.quiet": "Ruhezeiten",
    "me.prefs.quiet_hint": (
        "Zwischen diesen Zeiten (nach Ihrer Uhr) keine Nachrichten; sie warten bis zum Ende."
    ),
    "me.prefs.quiet_start": "Von",
    "me.prefs.quiet_end": "Bis",
    "me.prefs.quiet_off": "Keine Ruhezeiten",
    "me.prefs.timezone": "Zeitzone der Ruhezeiten",
    "me.prefs.timezone_profile": "Wie in meinem Profil",
    "me.prefs.digest": "Eine tägliche Zusammenfassung statt einzelner Nachrichten",
    "me.prefs.save": "Einstellungen speichern",
    "me.prefs.saved": "Ihre Einstellungen sind gespeichert.",
    "me.error.skill_name_invalid": "Namen von Fähigkeiten haben höchstens 80 Zeichen.",
    "me.error.skill_repeated": "Diese Fähigkeit steht zweimal in der Liste.",
    "me.error.too_many_skills": "Höchstens 50 Fähigkeiten.",
    "me.error.level_invalid": "Wählen Sie eine Stufe von 1 bis 5.",
    "me.error.priority_invalid": "Wählen Sie eine Priorität von 1 bis 5.",
    "me.error.languages_required": "Geben Sie mindestens eine Sprache an.",
    "me.error.language_invalid": "Verwenden Sie Sprachcodes wie en, de oder pt-BR.",
    "me.error.too_many_languages": "Höchstens 10 Sprachen.",
    "me.error.timezone_unknown": "Wählen Sie eine Zeitzone aus der Liste.",
    "me.error.availability_invalid": (
        "Die Zeittabelle kam nicht richtig an. Bitte kreuzen Sie die Zeiten erneut an."
    ),
    "me.error.availability_too_fragmented": (
        "Zu viele einzelne Zeitblöcke (höchstens 50). Bitte fassen Sie einige zusammen."
    ),
    "me.error.capacity_invalid": (
        "Geben Sie eine Zahl von 1 bis 10 an oder lassen Sie das Feld leer."
    ),
    "me.error.locale_invalid": "Wählen Sie eine Sprache aus der Liste.",
    "me.error.rating_required": "Bitte wählen Sie von 1 bis 5.",
    "me.error.rating_invalid": "Bitte wählen Sie von 1 bis 5 oder keine Angabe.",
    "me.error.topic_unknown": "Wählen Sie Themen aus der Liste.",
    "me.error.too_many_topics": "Höchstens 20 Themen.",
    "me.error.choice_required": "Bitte antworten Sie mit Ja oder Nein.",
    "me.error.note_too_long": "Die Notiz ist länger als 2.000 Zeichen.",
    "me.error.skill_unknown": "Schätzen Sie nur die aufgeführten Fähigkeiten ein.",
    "me.error.assessment_empty": "Schätzen Sie mindestens eine Fähigkeit ein.",
    "me.error.clock_invalid": "Geben Sie eine Uhrzeit wie 21:00 an.",
}
