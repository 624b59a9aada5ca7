"""Participant pages' texts in fr (keys start with `me.`); see participant.py."""

from __future__ import annotations

FR: dict[str, str] = {
    "me.title": "Mes programmes",
    "me.home.intro": (
        "Vos programmes, vos binômes, vos prochaines séances et les retours qui vous attendent."
    ),
    "me.home.no_programs": (
        "Vous ne faites encore partie d'aucun programme. Vous recevrez un e-mail dès "
        "qu'on vous y ajoute."
    ),
    "me.home.edit_profile": "Modifier mon profil",
    "me.home.complete_profile": (
        "Dites-nous ce que vous pouvez transmettre, ce que vous voulez apprendre et quand "
        "vous êtes libre, pour que nous trouvions un bon binôme."
    ),
    "me.home.complete_profile_link": "Compléter mon profil",
    "me.home.partners": "Mes binômes",
    "me.home.no_partner": "Pas encore de binôme. Nous vous préviendrons dès que ce sera fait.",
    "me.home.partner_link": "{name} - pourquoi nous vous avons réunis",
    "me.home.next_sessions": "Prochaines séances",
    "me.home.no_sessions": "Aucune séance prévue.",
    "me.home.pending_feedback": "Retours en attente",
    "me.home.no_feedback": "Aucun retour en attente.",
    "me.home.feedback_item": "Séance du {date} - à remplir avant le {due}",
    "me.home.self_assessment": "Évaluer mes compétences",
    "me.home.self_assessment_pre": "Évaluer mes compétences avant le programme",
    "me.home.self_assessment_post": "Réévaluer mes compétences à la fin du programme",
    "me.self_assessment.off": "Ce programme ne demande pas d'auto-évaluation.",
    "me.home.all_sessions": "Toutes mes séances",
    "me.profile.title": "Mon profil",
    "me.profile.intro": (
        "Dites-nous ce que vous pouvez transmettre, ce que vous voulez apprendre et quand "
        "vous êtes libre. Le matching s'en sert pour votre prochain binôme."
    ),
    "me.profile.saved": "Enregistré. Votre prochain matching utilisera votre nouveau profil.",
    "me.profile.fix": "Veuillez vérifier les champs signalés ci-dessous.",
    "me.profile.offered": "Compétences que je propose",
    "me.profile.offered_hint": "Niveau 1 (bases) à 5 (expert). Une ligne vide est retirée.",
    "me.profile.goals": "Ce que je veux apprendre",
    "me.profile.goals_hint": "Priorité 1 (facultatif) à 5 (essentiel).",
    "me.profile.skill": "Compétence",
    "me.profile.level": "Niveau",
    "me.profile.priority": "Priorité",
    "me.profile.languages": "Langues que je parle",
    "me.profile.languages_hint": (
        "Codes de langue séparés par des virgules, par exemple en, fr, ja."
    ),
    "me.profile.timezone": "Mon fuseau horaire",
    "me.profile.availability": "Quand je suis généralement libre",
    "me.profile.availability_hint": (
        "Cochez les créneaux où vous êtes généralement libre chaque semaine, à votre "
        "heure ({zone})."
    ),
    "me.profile.capacity": "Combien de seniors je peux accompagner",
    "me.profile.capacity_hint": "Laissez vide pour la valeur par défaut du programme.",
    "me.profile.locale": "Langue du portail et des e-mails",
    "me.profile.locale_auto": "Comme mon navigateur",
    "me.profile.save": "Enregistrer mon profil",
    "me.pair.title": "Mon binôme",
    "me.pair.about": "À propos de {name}",
    "me.pair.role_junior": "Mentor junior",
    "me.pair.role_senior": "Mentoré senior",
    "me.pair.department": "Service",
    "me.pair.location": "Site",
    "me.pair.languages": "Langues",
    "me.pair.timezone": "Fuseau horaire",
    "me.pair.offers": "Peut transmettre",
    "me.pair.learns": "Veut apprendre",
    "me.pair.availability": "Généralement libre (à votre heure, cette semaine)",
    "me.pair.both_free": "Vous êtes tous deux libres (à votre heure, cette semaine)",
    "me.pair.no_shared_time": "Vos disponibilités hebdomadaires et celles de votre binôme ne se "
    "recoupent pas cette semaine ; ajoutez des créneaux libres à votre profil pour que les "
    "séances puissent être planifiées.",
    "me.pair.card_unavailable": (
        "Le profil de votre binôme ne peut pas être affiché pour le moment."
    ),
    "me.pair.why": "Pourquoi nous vous avons réunis",
    "me.pair.score": "Score d'adéquation {score}",
    "me.pair.points": "+{points} points",
    "me.pair.status_active": "Actif",
    "me.pair.status_ended": "Terminé",
    "me.pair.sessions": "Nos séances",
    "me.reason.junior_teaches": "Le junior transmet ce que le senior veut apprendre",
    "me.reason.senior_teaches": "Le senior transmet ce que le junior veut apprendre",
    "me.reason.availability": "Vous êtes libres aux mêmes moments",
    "me.reason.cross_department": "Vous travaillez dans des services différents",
    "me.reason.seniority_sweet_spot": "Un bon écart d'ancienneté",
    "me.reason.timezone_closeness": "Vos fuseaux horaires sont proches",
    "me.reason.same_location": "Vous travaillez sur le même site",
    "me.reason.match_bonus": "Vous respectez toutes les règles du programme",
    "me.sessions.title": "Mes séances",
    "me.sessions.none": "Pas encore de séances.",
    "me.sessions.waiting": "Nous cherchons un moment qui vous convient à tous les deux.",
    "me.sessions.unschedulable": (
        "Aucun créneau commun trouvé. Élargissez vos disponibilités dans votre profil."
    ),
    "me.session.title": "Séance {number}",
    "me.session.when": "{date}, {start} - {end} ({offset}, {zone})",
    "me.session.moment": "{date}, {time} ({offset})",
    "me.session.status_scheduled": "Prévue",
    "me.session.status_completed": "Tenue",
    "me.session.status_cancelled": "Annulée",
    "me.session.status_missed": "Manquée",
    "me.session.invitation": "Ajouter à mon agenda (.ics)",
    "me.session.reschedule": "Déplacer cette séance",
    "me.session.new_start": "Nouveau début (votre heure, {zone})",
    "me.session.move": "Déplacer à cette heure",
    "me.session.next_possible": "Déplacer au prochain créneau libre pour vous deux",
    "me.session.moved": "La séance a été déplacée. Vous recevez tous deux une invitation à jour.",
    "me.session.cancel": "Annuler cette séance",
    "me.session.cancel_confirm": "Oui, annuler cette séance",
    "me.session.cancelled": "La séance a été annulée. Votre binôme est prévenu.",
    "me.session.start_invalid": "Veuillez indiquer une date et une heure.",
    "me.session.start_missing_hour": (
        "Cette heure n'existe pas à cause du changement d'heure. Choisissez-en une autre."
    ),
    "me.feedback.title": "Votre retour sur la séance",
    "me.feedback.session": "Séance du {date}",
    "me.feedback.due": "Merci de répondre avant le {date}.",
    "me.feedback.value": "Cette séance vous a-t-elle été utile ?",
    "me.feedback.preparation": "La séance était-elle bien préparée ?",
    "me.feedback.safety": "Avez-vous pu parler librement ?",
    "me.feedback.safety_hint": (
        "Compté seulement dans des groupes assez grands pour que personne ne soit reconnaissable."
    ),
    "me.feedback.skip": "Je préfère ne pas répondre",
    "me.feedback.scale_low": "1 - pas du tout",
    "me.feedback.scale_high": "5 - tout à fait",
    "me.feedback.learned": "Qu'avez-vous appris ?",
    "me.feedback.taught": "Qu'avez-vous transmis ?",
    "me.feedback.no_topics": "Aucun thème connu pour ce binôme pour l'instant.",
    "me.feedback.continue": "Souhaitez-vous continuer avec ce binôme ?",
    "me.feedback.yes": "Oui",
    "me.feedback.no": "Non",
    "me.feedback.note": "Note privée",
    "me.feedback.note_hint": (
        "Vous seul voyez cette note : elle n'est jamais partagée, exportée ni comptée."
    ),
    "me.feedback.send": "Envoyer mon retour",
    "me.feedback.thanks": "Merci, votre retour est enregistré.",
    "me.feedback.editable_until": "Vous pouvez le modifier jusqu'au {date}.",
    "me.feedback.closed": "Cette demande de retour est close.",
    "me.assess.title": "Évaluer mes compétences ({phase})",
    "me.assess.pre": "au début",
    "me.assess.post": "à la fin",
    "me.assess.intro": (
        "Évaluez-vous de 1 (débutant) à 5 (expert). Une compétence laissée vide est ignorée."
    ),
    "me.assess.not_rated": "Non évalué",
    "me.assess.send": "Enregistrer mon évaluation",
    "me.assess.saved": "Votre évaluation est enregistrée.",
    "me.assess.no_skills": "Ajoutez d'abord des compétences à votre profil.",
    "me.inbox.title": "Messages",
    "me.inbox.empty": "Aucun message.",
    "me.inbox.unread": "Non lu",
    "me.inbox.mark_all": "Tout marquer comme lu",
    "me.inbox.older": "Messages plus anciens",
    "me.prefs.title": "Préférences de notification",
    "me.prefs.intro": "Choisissez comment nous vous joignons, et quand nous restons silencieux.",
    "me.prefs.channels": "M'envoyer les messages par",
    "me.prefs.email": "E-mail",
    "me.prefs.chat": "Messagerie instantanée",
    "me.prefs.inbox": "Messages sur ce site",
    "me.prefs.quiet": "Heures calmes",
    "me.prefs.quiet_hint": "Aucun message entre ces heures (à votre heure) ; ils attendent la fin.",
    "me.prefs.quiet_start": "De",
    "me.prefs.quiet_end": "À",
    "me.prefs.quiet_off": "Pas d'heures calmes",
    "me.prefs.timezone": "Fuseau horaire des heures calmes",
    "me.prefs.timezone_profile": "Comme dans mon profil",
    "me.prefs.digest": "Un résumé quotidien au lieu de messages séparés",
    "me.prefs.save": "Enregistrer",
    "me.prefs.saved": "Vos réglages sont enregistrés.",
    "me.error.skill_name_invalid": "Un nom de compétence fait au plus 80 caractères.",
    "me.error.skill_repeated": "Cette compétence figure deux fois.",
    "me.error.too_many_skills": "50 compétences au plus.",
    "me.error.level_invalid": "Choisissez un niveau de 1 à 5.",
    "me.error.priority_invalid": "Choisissez une priorité de 1 à 5.",
    "me.error.languages_required": "Indiquez au moins une langue.",
    "me.error.language_invalid": "Utilisez des codes de langue comme en, fr ou pt-BR.",
    "me.error.too_many_languages": "10 langues au plus.",
    "me.error.timezone_unknown": "Choisissez un fuseau horaire dans la liste.",
    "me.error.availability_invalid": (
        "La grille des disponibilités n'a pas été reçue correctement. Cochez à nouveau "
        "les créneaux."
    ),
    "me.error.availability_too_fragmented": (
        "Trop de créneaux séparés (50 au plus). Regroupez-en quelques-uns."
    ),
    "me.error.capacity_invalid": "Indiquez un nombre de 1 à 10, ou laissez vide.",
    "me.error.locale_invalid": "Choisissez une langue dans la liste.",
    "me.error.rating_required": "Choisissez de 1 à 5.",
    "me.error.rating_invalid": "Choisissez de 1 à 5, ou « je préfère ne pas répondre ».",
    "me.error.topic_unknown": "Choisissez des thèmes dans la liste.",
    "me.error.too_many_topics": "20 thèmes au plus.",
    "me.error.choice_required": "Répondez oui ou non.",
    "me.error.note_too_long": "La note dépasse 2 000 caractères.",
    "me.error.skill_unknown": "N'évaluez que les compétences listées.",
    "me.error.assessment_empty": "Évaluez au moins une compétence.",
    "me.error.clock_invalid": "Indiquez une heure comme 21:00.",
}
