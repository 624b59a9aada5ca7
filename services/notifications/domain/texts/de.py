"""German texts (informal "du", as most corporate mentoring programs in DACH use)."""

from services.notifications.domain.texts.base import LocaleText
from services.notifications.domain.texts.base import MessageTemplate as M

TEXT = LocaleText(
    locale="de",
    weekdays=("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    months=tuple(
        [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ]
    ),
    moment="{weekday}, {day}. {month} {year}, {time} Uhr",
    day="{weekday}, {day}. {month} {year}",
    percent="{value} %",
    list_separator=", ",
    bullet="- ",
    greeting="Hallo ${recipient_name},",
    greeting_anonymous="Hallo,",
    signoff="Viele Grüße\n${program_name}",
    footer=(
        "Du erhältst diese Nachricht, weil du an ${program_name} teilnimmst. "
        "Kanäle, Ruhezeiten und tägliche Zusammenfassung: ${settings_url}"
    ),
    more_entries="... und ${extra} weitere in deinem Posteingang.",
    link_line="In Twoway öffnen: ${link}",
    labels={
        "role": {"junior": "Reverse Mentor:in", "senior": "Reverse Mentee"},
        "end_reason": {
            "admin": "vom Programmteam beendet",
            "at_risk": "nach einem Gespräch mit dem Programmteam beendet",
            "withdrawal": "eine:r von euch hat das Programm verlassen",
            "erasure": "eine:r von euch hat das Programm verlassen",
            "program_ended": "das Programm ist zu Ende",
            "participant_request": "auf Wunsch von einem:r von euch beendet",
            "left_company": "eine:r von euch hat das Unternehmen verlassen",
            "not_a_fit": "vom Programmteam beendet, damit ihr beide neu zugeordnet werden könnt",
        },
        "cancel_reason": {
            "requested": "auf Wunsch abgesagt",
            "series_cancelled": "die Terminserie wurde abgesagt",
            "pair_ended": "euer Tandem wurde beendet",
            "participant_left": "eine Person hat das Programm verlassen",
            "no_slot": "es gab keinen passenden Termin mehr für euch beide",
        },
        "reschedule_reason": {
            "requested": "auf Wunsch verschoben",
            "availability_changed": "geänderte Verfügbarkeit",
            "conflict": "ein Terminkonflikt",
        },
        "risk_reason": {
            "low_ratings": "niedrige Bewertungen",
            "missed_sessions": "verpasste Termine",
            "unanswered_feedback": "unbeantwortete Feedback-Anfragen",
            "inactive": "keine Aktivität in letzter Zeit",
            "low_psychological_safety": "die:der Reverse Mentor:in fühlt sich nicht sicher",
        },
        "unschedulable_reason": {
            "no_common_availability": "ihre wöchentlichen Verfügbarkeiten überschneiden sich nicht",
            "no_free_dates": "im Programm sind keine freien Termine mehr",
            "unknown_participant": "eine Person fehlt im Verzeichnis",
            "program_over": "das Programm ist zu Ende",
        },
        "partner_fallback": {"junior": "deinem Reverse Mentor", "senior": "deinem Reverse Mentee"},
        "fallback": {"partner": "deinem Tandem-Partner", "participant": "eine teilnehmende Person"},
        "nudge": {"yes": "Erinnerung: ", "no": ""},
        "approval": {
            "awaiting": " Die vorgeschlagenen Tandems warten auf deine Freigabe.",
            "none": "",
        },
    },
    templates={
        "welcome": M(
            subject="Willkommen bei ${program_name}",
            body=(
                "Du bist ${program_name} als ${role} beigetreten.\n\n"
                "Beim Reverse Mentoring lernen beide Seiten voneinander. Sobald eine "
                "Matching-Runde ein gutes Gegenüber für dich findet, stellen wir euch einander "
                "vor und erklären, warum ihr zusammenpasst."
            ),
            chat="${mention}willkommen bei ${program_name}!",
        ),
        "program_invitation": M(
            subject="Einladung zu ${program_name}",
            body=(
                "Du bist eingeladen, ${program_name} als ${role} beizutreten.\n\n"
                "Beim Reverse Mentoring lernen beide Seiten voneinander: Du gibst dein Wissen "
                "weiter und lernst von deinem Gegenüber. Dein Profil kommt aus dem "
                "Firmenverzeichnis, der Beitritt ist also ein Klick. Nimm die Einladung auf "
                "deiner Twoway-Seite an oder lehne sie ab."
            ),
            chat="${mention}du bist zu ${program_name} eingeladen.",
            footer=(
                "Du erhältst diese Nachricht, weil ${program_name} dich eingeladen hat. "
                "Kanäle, Ruhezeiten und tägliche Zusammenfassung: ${settings_url}"
            ),
        ),
        "program_launched": M(
            subject="${program_name} ist gestartet",
            body=(
                "${program_name} (${region}) ist gestartet. Es läuft vom ${start_date} bis zum "
                "${end_date}, mit einem Termin von ${session_minutes} Minuten alle "
                "${cadence_days} Tage.\n\n"
                "Wir melden uns hier, wenn ein Tandem deine Aufmerksamkeit braucht."
            ),
            chat="${program_name} (${region}) ist gestartet: ${start_date} bis ${end_date}.",
        ),
        "pair_introduction": M(
            subject="Dein Reverse-Mentoring-Tandem: ${partner_name}",
            body=(
                "Du bildest ein Tandem mit ${partner_name} (${partner_role}); "
                "du bist ${role}.\n\n"
                "Warum ihr zusammenpasst:\n${reasons}\n\n"
                "Eure Termine werden für euch geplant, die Kalendereinladungen folgen in Kürze. "
                "Meldet euch gern schon vor dem ersten Termin!"
            ),
            chat="${mention}du hast ein neues Tandem in ${program_name}; Details in deiner E-Mail.",
        ),
        "pair_ended": M(
            subject="Dein Tandem mit ${partner_name} ist beendet",
            body=(
                "Dein Tandem mit ${partner_name} in ${program_name} ist beendet: ${end_reason}. "
                "Kommende Termine sind abgesagt.\n\n"
                "Danke für die Zeit, die ihr euch geschenkt habt."
            ),
            chat="${mention}ein Tandem von dir in ${program_name} ist beendet.",
        ),
        "session_rescheduled": M(
            subject="Termin verschoben auf ${start}",
            body=(
                "Dein Termin mit ${partner_name} wurde von ${previous_start} auf ${start} bis "
                "${end_time} Uhr (${timezone}) verschoben; Grund: ${reschedule_reason}.\n\n"
                "Die angehängte Einladung aktualisiert den Termin in deinem Kalender."
            ),
            chat="${mention}ein Termin wurde verschoben auf ${start} (${timezone}).",
        ),
        "session_cancelled": M(
            subject="Termin abgesagt: ${start}",
            body=(
                "Dein Termin mit ${partner_name} am ${start} (${timezone}) ist abgesagt: "
                "${cancel_reason}.\n\n"
                "Die angehängte Absage entfernt ihn aus deinem Kalender."
            ),
            chat="${mention}der Termin am ${start} (${timezone}) ist abgesagt.",
        ),
        "session_reminder": M(
            subject="Erinnerung: Termin mit ${partner_name} um ${start_time} Uhr",
            body=(
                "Dein Termin mit ${partner_name} beginnt am ${start} und endet um ${end_time} Uhr "
                "(${timezone}).\n\n"
                "Ein guter Termin beginnt mit einer Frage in jede Richtung: Was möchtest du heute "
                "lernen, und was kannst du weitergeben?"
            ),
            chat="${mention}Erinnerung: dein Termin beginnt um ${start_time} Uhr (${timezone}).",
        ),
        "session_missed": M(
            subject="Verpasster Termin am ${start_day}",
            body=(
                "Dein Termin mit ${partner_name} am ${start} (${timezone}) hat nicht "
                "stattgefunden. Der nächste Termin eurer Serie bleibt bestehen.\n\n"
                "Wenn die Zeit nicht mehr passt, aktualisiere deine Verfügbarkeit und wir suchen "
                "einen besseren Termin."
            ),
            chat="${mention}ein Termin am ${start_day} wurde als verpasst markiert.",
        ),
        "series_unschedulable": M(
            subject="Handlungsbedarf: keine Termine für Tandem ${pair_id}",
            body=(
                "Für ${junior_name} und ${senior_name} (Tandem ${pair_id}) konnten wir keine "
                "Termine planen: ${unschedulable_reason}.\n\n"
                "Bitte hilf ihnen, eine Zeit zu finden, oder beende das Tandem und matche neu."
            ),
            chat="Handlungsbedarf: keine Termine für Tandem ${pair_id} (${unschedulable_reason}).",
        ),
        "feedback_requested": M(
            subject="${nudge}Wie war dein letzter Reverse-Mentoring-Termin?",
            body=(
                "Bitte nimm dir zwei Minuten für Feedback zu deinem letzten Termin: "
                "was du gelernt und weitergegeben hast und wie es sich "
                "angefühlt hat. Das Programm sieht nur Bewertungen; deine Notizen bleiben "
                "privat.\n\n"
                "Bitte antworte bis ${due_date}: ${feedback_url}"
            ),
            chat="${mention}${nudge}bitte gib bis ${due_date} Feedback zu deinem letzten Termin.",
        ),
        "pair_at_risk": M(
            subject="Tandem ${pair_id} braucht Aufmerksamkeit",
            body=(
                "Das Tandem von ${junior_name} (Reverse Mentor:in) und ${senior_name} "
                "(Reverse Mentee) ist gefährdet: Zustand ${health}; Signale: ${risk_reasons}.\n\n"
                "Ein kurzes Gespräch mit beiden hilft oft. Wenn es nicht passt, beende das Tandem "
                "und matche neu."
            ),
            chat="Tandem ${pair_id} braucht Aufmerksamkeit: Zustand ${health} (${risk_reasons}).",
        ),
        "pair_recovered": M(
            subject="Tandem ${pair_id} ist wieder auf Kurs",
            body=(
                "Das Tandem von ${junior_name} und ${senior_name} (Tandem ${pair_id}) hat sich "
                "erholt: Zustand ${health}."
            ),
            chat="Tandem ${pair_id} ist wieder auf Kurs (Zustand ${health}).",
        ),
        "matching_round_completed": M(
            subject="Matching-Runde abgeschlossen: ${pairs_created} neue Tandems",
            body=(
                "Eine Matching-Runde von ${program_name} ist abgeschlossen: ${pairs_created} "
                "Tandems, Match-Rate ${match_rate}. Noch ohne Tandem: ${unmatched_juniors} "
                "Reverse Mentor:innen und ${unmatched_seniors} Reverse Mentees.${approval}"
            ),
            chat="Matching-Runde abgeschlossen: ${pairs_created} Tandems, Match-Rate "
            "${match_rate}.${approval}",
        ),
        "series_invitation": M(
            subject=(
                "Lerne ${partner_name} kennen: deine Reverse-Mentoring-Termine in ${program_name}"
            ),
            body=(
                "Du bist mit ${partner_name} gepaart (${partner_role}); du bist "
                "${role}.\n\n"
                "Warum ihr zwei:\n${reasons}\n\n"
                "Eure Termine (${timezone}):\n${sessions}\n\n"
                "Die angehängte Einladung trägt sie als eine Terminserie in deinen "
                "Kalender ein. Sag vor dem ersten Termin Hallo!"
            ),
            chat=(
                "${mention}du hast ein neues Tandem in ${program_name}; die Details "
                "stehen in deiner E-Mail."
            ),
        ),
        "series_cancelled": M(
            subject="Termine mit ${partner_name} abgesagt",
            body=(
                "Die verbleibenden Termine mit ${partner_name} in ${program_name} "
                "sind abgesagt: ${cancel_reason}.\n\n"
                "Die angehängte Absage entfernt die verbleibenden Termine aus deinem Kalender."
            ),
            chat=("${mention}deine verbleibenden Termine in ${program_name} sind abgesagt."),
        ),
        "digest": M(
            subject="Deine tägliche Zusammenfassung von ${program_name}: ${count} Neuigkeiten",
            body="Das ist seit deiner letzten Zusammenfassung passiert:\n\n${entries}",
            chat="${mention}${count} Neuigkeiten warten in deinem Posteingang.",
        ),
        "redacted": M(
            subject="Nachricht entfernt",
            body=(
                "Diese Nachricht nannte eine teilnehmende Person, deren personenbezogene Daten "
                "gelöscht wurden."
            ),
            chat="Nachricht entfernt.",
        ),
    },
)
