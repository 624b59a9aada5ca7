"""French texts (vouvoiement, the usual register for corporate programs)."""

from services.notifications.domain.texts.base import LocaleText
from services.notifications.domain.texts.base import MessageTemplate as M

TEXT = LocaleText(
    locale="fr",
    weekdays=("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    months=tuple(
        [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ]
    ),
    moment="{weekday} {day} {month} {year} à {time}",
    day="{weekday} {day} {month} {year}",
    percent="{value} %",
    list_separator=", ",
    bullet="- ",
    greeting="Bonjour ${recipient_name},",
    greeting_anonymous="Bonjour,",
    signoff="Bien cordialement,\n${program_name}",
    footer=(
        "Vous recevez ce message parce que vous participez à ${program_name}. "
        "Canaux, heures de silence et résumé quotidien : ${settings_url}"
    ),
    more_entries="... et ${extra} autres dans votre boîte de réception.",
    link_line="Ouvrir dans Twoway : ${link}",
    labels={
        "role": {"junior": "mentor inversé", "senior": "mentoré"},
        "end_reason": {
            "admin": "terminé par l'équipe du programme",
            "at_risk": "terminé après un échange avec l'équipe du programme",
            "withdrawal": "l'un de vous a quitté le programme",
            "erasure": "l'un de vous a quitté le programme",
            "program_ended": "le programme est terminé",
            "participant_request": "terminé à la demande de l'un de vous",
            "left_company": "l'un de vous a quitté l'entreprise",
            "not_a_fit": "terminé par l'équipe du programme pour vous proposer un autre binôme",
        },
        "cancel_reason": {
            "requested": "annulée à la demande",
            "series_cancelled": "la série a été annulée",
            "pair_ended": "le binôme a pris fin",
            "participant_left": "un participant a quitté le programme",
            "no_slot": "aucun créneau ne convenait plus à vous deux",
        },
        "reschedule_reason": {
            "requested": "déplacée à la demande",
            "availability_changed": "disponibilités modifiées",
            "conflict": "un conflit d'agenda",
        },
        "risk_reason": {
            "low_ratings": "notes de session faibles",
            "missed_sessions": "sessions manquées",
            "unanswered_feedback": "demandes de retour sans réponse",
            "inactive": "aucune activité récente",
            "low_psychological_safety": "le mentor inversé ne se sent pas en confiance",
        },
        "unschedulable_reason": {
            "no_common_availability": "leurs disponibilités hebdomadaires ne se recoupent pas",
            "no_free_dates": "il ne reste plus de dates libres dans le programme",
            "unknown_participant": "l'une des personnes manque dans l'annuaire",
            "program_over": "le programme est terminé",
        },
        "partner_fallback": {"junior": "votre mentor inversé", "senior": "votre mentoré"},
        "fallback": {"partner": "votre binôme", "participant": "un participant"},
        "nudge": {"yes": "Rappel : ", "no": ""},
        "approval": {
            "awaiting": " Les binômes proposés attendent votre validation.",
            "none": "",
        },
    },
    templates={
        "welcome": M(
            subject="Bienvenue dans ${program_name}",
            body=(
                "Vous avez rejoint ${program_name} en tant que ${role}.\n\n"
                "Dans le mentorat inversé, chacun apprend de l'autre. Dès qu'un tour de "
                "matching vous trouve un bon binôme, nous vous présenterons l'un à l'autre et "
                "vous expliquerons pourquoi."
            ),
            chat="${mention}bienvenue dans ${program_name} !",
        ),
        "program_invitation": M(
            subject="Vous êtes invité(e) à ${program_name}",
            body=(
                "Vous êtes invité(e) à rejoindre ${program_name} en tant que ${role}.\n\n"
                "Dans le mentorat inversé, chacun apprend de l'autre : vous partagez ce que "
                "vous savez et apprenez de votre binôme. Votre profil vient de l'annuaire de "
                "l'entreprise, il suffit donc d'un clic pour rejoindre. Acceptez ou refusez "
                "l'invitation sur votre page Twoway."
            ),
            chat="${mention}vous êtes invité(e) à ${program_name}.",
            footer=(
                "Vous recevez ce message parce que ${program_name} vous a invité(e). "
                "Canaux, heures de silence et résumé quotidien : ${settings_url}"
            ),
        ),
        "program_launched": M(
            subject="${program_name} est lancé",
            body=(
                "${program_name} (${region}) est lancé. Il se déroule du ${start_date} au "
                "${end_date}, avec une session de ${session_minutes} minutes tous les "
                "${cadence_days} jours.\n\n"
                "Nous vous écrirons ici lorsqu'un binôme aura besoin de votre attention."
            ),
            chat="${program_name} (${region}) est lancé : du ${start_date} au ${end_date}.",
        ),
        "pair_introduction": M(
            subject="Votre binôme de mentorat inversé : ${partner_name}",
            body=(
                "Vous formez un binôme avec ${partner_name} (${partner_role}) ; "
                "vous êtes ${role}.\n\n"
                "Pourquoi vous deux :\n${reasons}\n\n"
                "Vos sessions seront planifiées pour vous et les invitations suivront sous peu. "
                "N'hésitez pas à vous présenter avant la première session !"
            ),
            chat=(
                "${mention}vous avez un nouveau binôme dans ${program_name} ; détails par e-mail."
            ),
        ),
        "pair_ended": M(
            subject="Votre binôme avec ${partner_name} a pris fin",
            body=(
                "Votre binôme avec ${partner_name} dans ${program_name} a pris fin : "
                "${end_reason}. Les sessions à venir sont annulées.\n\n"
                "Merci pour le temps que vous vous êtes accordé."
            ),
            chat="${mention}un de vos binômes dans ${program_name} a pris fin.",
        ),
        "session_rescheduled": M(
            subject="Session déplacée au ${start}",
            body=(
                "Votre session avec ${partner_name} est déplacée du ${previous_start} au "
                "${start}, jusqu'à ${end_time} (${timezone}) ; motif : ${reschedule_reason}.\n\n"
                "L'invitation jointe met à jour l'événement dans votre agenda."
            ),
            chat="${mention}une session est déplacée au ${start} (${timezone}).",
        ),
        "session_cancelled": M(
            subject="Session annulée : ${start}",
            body=(
                "Votre session avec ${partner_name} du ${start} (${timezone}) est annulée : "
                "${cancel_reason}.\n\n"
                "L'annulation jointe la retire de votre agenda."
            ),
            chat="${mention}la session du ${start} (${timezone}) est annulée.",
        ),
        "session_reminder": M(
            subject="Rappel : session avec ${partner_name} à ${start_time}",
            body=(
                "Votre session avec ${partner_name} commence le ${start} et se termine à "
                "${end_time} (${timezone}).\n\n"
                "Une bonne session commence par une question dans chaque sens : que "
                "souhaitez-vous apprendre aujourd'hui, et que pouvez-vous transmettre ?"
            ),
            chat="${mention}rappel : votre session commence à ${start_time} (${timezone}).",
        ),
        "session_missed": M(
            subject="Session manquée du ${start_day}",
            body=(
                "Votre session avec ${partner_name} prévue le ${start} (${timezone}) n'a pas eu "
                "lieu. La prochaine session de votre série reste prévue.\n\n"
                "Si l'horaire ne vous convient plus, mettez à jour vos disponibilités et nous "
                "chercherons un meilleur créneau."
            ),
            chat="${mention}une session du ${start_day} a été marquée comme manquée.",
        ),
        "series_unschedulable": M(
            subject="Action requise : aucun créneau pour le binôme ${pair_id}",
            body=(
                "Nous n'avons pas pu planifier de sessions pour ${junior_name} et ${senior_name} "
                "(binôme ${pair_id}) : ${unschedulable_reason}.\n\n"
                "Aidez-les à convenir d'un horaire, ou mettez fin au binôme et relancez le "
                "matching."
            ),
            chat="Action requise : aucun créneau pour le binôme ${pair_id} "
            "(${unschedulable_reason}).",
        ),
        "feedback_requested": M(
            subject="${nudge}Comment s'est passée votre dernière session de mentorat inversé ?",
            body=(
                "Prenez deux minutes pour nous parler de votre dernière session : "
                "ce que vous avez appris, transmis et ressenti. Le programme "
                "ne voit que les notes ; vos commentaires restent privés.\n\n"
                "Merci de répondre avant le ${due_date} : ${feedback_url}"
            ),
            chat="${mention}${nudge}merci de donner votre avis sur votre dernière session avant "
            "le ${due_date}.",
        ),
        "pair_at_risk": M(
            subject="Le binôme ${pair_id} a besoin d'attention",
            body=(
                "Le binôme de ${junior_name} (mentor inversé) et ${senior_name} (mentoré) est "
                "en difficulté : santé ${health} ; signaux : ${risk_reasons}.\n\n"
                "Un court échange avec les deux aide souvent. Si le binôme ne fonctionne pas, "
                "mettez-y fin et relancez le matching."
            ),
            chat="Le binôme ${pair_id} a besoin d'attention : santé ${health} (${risk_reasons}).",
        ),
        "pair_recovered": M(
            subject="Le binôme ${pair_id} est de nouveau sur les rails",
            body=(
                "Le binôme de ${junior_name} et ${senior_name} (binôme ${pair_id}) va mieux : "
                "santé ${health}."
            ),
            chat="Le binôme ${pair_id} est de nouveau sur les rails (santé ${health}).",
        ),
        "matching_round_completed": M(
            subject="Tour de matching terminé : ${pairs_created} nouveaux binômes",
            body=(
                "Un tour de matching de ${program_name} est terminé : ${pairs_created} binômes, "
                "taux de matching ${match_rate}. Encore sans binôme : ${unmatched_juniors} "
                "mentors inversés et ${unmatched_seniors} mentorés.${approval}"
            ),
            chat="Tour de matching terminé : ${pairs_created} binômes, taux ${match_rate}."
            "${approval}",
        ),
        "series_invitation": M(
            subject=(
                "Faites connaissance avec ${partner_name} : vos séances de mentorat "
                "inversé dans ${program_name}"
            ),
            body=(
                "Vous êtes en binôme avec ${partner_name} (${partner_role}) ; "
                "vous êtes ${role}.\n\n"
                "Pourquoi vous deux :\n${reasons}\n\n"
                "Vos séances (${timezone}) :\n${sessions}\n\n"
                "L'invitation jointe les ajoute à votre agenda en une seule série. "
                "Présentez-vous avant la première séance !"
            ),
            chat=(
                "${mention}vous avez un nouveau binôme dans ${program_name} ; "
                "les détails sont dans votre e-mail."
            ),
        ),
        "series_cancelled": M(
            subject="Séances avec ${partner_name} annulées",
            body=(
                "Les séances restantes avec ${partner_name} dans ${program_name} "
                "sont annulées : ${cancel_reason}.\n\n"
                "L'annulation jointe retire les séances restantes de votre agenda."
            ),
            chat=("${mention}vos séances restantes dans ${program_name} sont annulées."),
        ),
        "digest": M(
            subject="Votre résumé quotidien de ${program_name} : ${count} nouveautés",
            body="Voici ce qui s'est passé depuis votre dernier résumé :\n\n${entries}",
            chat="${mention}${count} nouveautés vous attendent dans votre boîte de réception.",
        ),
        "redacted": M(
            subject="Message supprimé",
            body=(
                "Ce message mentionnait un participant dont les données personnelles ont été "
                "effacées."
            ),
            chat="Message supprimé.",
        ),
    },
)
