"""Texts of invitations into programs: the admin's "invite" on the Enrol tab, and the
invited person's answer on their home page."""

from __future__ import annotations

_EN = {
    "invite.submit": "Invite the people ticked",
    "invite.hint": "Enrolling joins people at once; inviting lets each of them accept or "
    "decline on their own page first.",
    "invite.result_counts": "{invited} invited, {unchanged} invited already, {rejected} refused.",
    "invite.status.invited": "invited",
    "invite.status.unchanged": "invited already",
    "invite.status.rejected": "refused",
    "invite.me.title": "You are invited",
    "invite.me.item": "{program}, as a {role} ({start} to {end})",
    "invite.me.accept": "Accept and join",
    "invite.me.decline": "Decline",
    "invite.me.hint": "Accepting joins the program with your name, email and language from the "
    "company directory; you then add your skills, goals and availability.",
    "invite.outcome.joined": "Welcome: you joined {program}. Complete your profile below.",
    "invite.outcome.declined": "You declined the invitation to {program}.",
    "invite.outcome.answered": "The invitation to {program} was answered already.",
    "invite.outcome.gone": "There is no open invitation to {program} any more.",
    "invite.outcome.refused": "Joining {program} did not work; the program's admins can help.",
    "invite.outcome.unavailable": "Invitations cannot be answered right now; try again later.",
}

_DE = {
    "invite.submit": "Ausgewählte einladen",
    "invite.hint": "Aufnehmen nimmt die Personen sofort auf; Einladen lässt jede zuerst auf "
    "ihrer eigenen Seite zusagen oder ablehnen.",
    "invite.result_counts": "{invited} eingeladen, {unchanged} schon eingeladen, "
    "{rejected} abgelehnt.",
    "invite.status.invited": "eingeladen",
    "invite.status.unchanged": "schon eingeladen",
    "invite.status.rejected": "abgelehnt",
    "invite.me.title": "Sie sind eingeladen",
    "invite.me.item": "{program}, als {role} ({start} bis {end})",
    "invite.me.accept": "Annehmen und teilnehmen",
    "invite.me.decline": "Ablehnen",
    "invite.me.hint": "Mit der Zusage nehmen Sie mit Name, E-Mail und Sprache aus dem "
    "Firmenverzeichnis teil; danach ergänzen Sie Fähigkeiten, Ziele und Verfügbarkeit.",
    "invite.outcome.joined": "Willkommen: Sie nehmen an {program} teil. Vervollständigen Sie "
    "unten Ihr Profil.",
    "invite.outcome.declined": "Sie haben die Einladung zu {program} abgelehnt.",
    "invite.outcome.answered": "Die Einladung zu {program} wurde bereits beantwortet.",
    "invite.outcome.gone": "Es gibt keine offene Einladung zu {program} mehr.",
    "invite.outcome.refused": "Die Teilnahme an {program} hat nicht geklappt; die "
    "Programmverantwortlichen helfen weiter.",
    "invite.outcome.unavailable": "Einladungen können gerade nicht beantwortet werden; "
    "versuchen Sie es später.",
}

_FR = {
    "invite.submit": "Inviter les personnes cochées",
    "invite.hint": "Inscrire les fait participer tout de suite ; inviter laisse chacun "
    "accepter ou refuser d'abord sur sa propre page.",
    "invite.result_counts": "{invited} invitées, {unchanged} déjà invitées, {rejected} refusées.",
    "invite.status.invited": "invitée",
    "invite.status.unchanged": "déjà invitée",
    "invite.status.rejected": "refusée",
    "invite.me.title": "Vous êtes invité",
    "invite.me.item": "{program}, comme {role} (du {start} au {end})",
    "invite.me.accept": "Accepter et participer",
    "invite.me.decline": "Refuser",
    "invite.me.hint": "En acceptant, vous participez avec le nom, l'adresse e-mail et la langue "
    "de l'annuaire ; vous ajoutez ensuite vos compétences, objectifs et disponibilités.",
    "invite.outcome.joined": "Bienvenue : vous participez à {program}. Complétez votre profil "
    "ci-dessous.",
    "invite.outcome.declined": "Vous avez refusé l'invitation à {program}.",
    "invite.outcome.answered": "L'invitation à {program} a déjà reçu une réponse.",
    "invite.outcome.gone": "Il n'y a plus d'invitation ouverte à {program}.",
    "invite.outcome.refused": "La participation à {program} n'a pas abouti ; les responsables "
    "du programme peuvent vous aider.",
    "invite.outcome.unavailable": "Les invitations ne peuvent pas recevoir de réponse pour "
    "l'instant ; réessayez plus tard.",
}

_ES = {
    "invite.submit": "Invitar a las personas marcadas",
    "invite.hint": "Inscribir las incorpora de inmediato; invitar deja que cada una acepte o "
    "rechace antes en su propia página.",
    "invite.result_counts": "{invited} invitadas, {unchanged} ya invitadas, {rejected} rechazadas.",
    "invite.status.invited": "invitada",
    "invite.status.unchanged": "ya invitada",
    "invite.status.rejected": "rechazada",
    "invite.me.title": "Tiene una invitación",
    "invite.me.item": "{program}, como {role} (del {start} al {end})",
    "invite.me.accept": "Aceptar y participar",
    "invite.me.decline": "Rechazar",
    "invite.me.hint": "Al aceptar participa con el nombre, el correo y el idioma del directorio "
    "de la empresa; después añade sus habilidades, objetivos y disponibilidad.",
    "invite.outcome.joined": "Bienvenida: ya participa en {program}. Complete su perfil abajo.",
    "invite.outcome.declined": "Ha rechazado la invitación a {program}.",
    "invite.outcome.answered": "La invitación a {program} ya tenía respuesta.",
    "invite.outcome.gone": "Ya no hay una invitación abierta a {program}.",
    "invite.outcome.refused": "No se pudo participar en {program}; los responsables del "
    "programa pueden ayudarle.",
    "invite.outcome.unavailable": "Ahora no se pueden responder invitaciones; inténtelo más tarde.",
}

_JA = {
    "invite.submit": "選択した人を招待",
    "invite.hint": "登録するとすぐに参加します。"
    "招待すると、各自が自分のページで承諾または辞退できます。",
    "invite.result_counts": "招待 {invited}人、招待済み {unchanged}人、却下 {rejected}人。",
    "invite.status.invited": "招待済み",
    "invite.status.unchanged": "既に招待済み",
    "invite.status.rejected": "却下",
    "invite.me.title": "招待が届いています",
    "invite.me.item": "{program}、{role}として ({start} から {end})",
    "invite.me.accept": "承諾して参加",
    "invite.me.decline": "辞退",
    "invite.me.hint": "承諾すると、社内ディレクトリの名前、メール、言語で参加します。"
    "その後、スキル、目標、空き時間を追加してください。",
    "invite.outcome.joined": "ようこそ。{program}に参加しました。"
    "下でプロフィールを完成させてください。",
    "invite.outcome.declined": "{program}への招待を辞退しました。",
    "invite.outcome.answered": "{program}への招待には既に回答済みです。",
    "invite.outcome.gone": "{program}への有効な招待はもうありません。",
    "invite.outcome.refused": "{program}に参加できませんでした。"
    "プログラム管理者にお問い合わせください。",
    "invite.outcome.unavailable": "現在、招待に回答できません。後でもう一度お試しください。",
}

TEXTS = {"en": _EN, "de": _DE, "fr": _FR, "es": _ES, "ja": _JA}
