"""Spanish texts (tú, neutral across Spain and Latin America)."""

from services.notifications.domain.texts.base import LocaleText
from services.notifications.domain.texts.base import MessageTemplate as M

TEXT = LocaleText(
    locale="es",
    weekdays=("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    months=tuple(
        [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ]
    ),
    moment="{weekday}, {day} de {month} de {year}, {time}",
    day="{weekday}, {day} de {month} de {year}",
    percent="{value} %",
    list_separator=", ",
    bullet="- ",
    greeting="Hola, ${recipient_name}:",
    greeting_anonymous="Hola:",
    signoff="Un saludo,\n${program_name}",
    footer=(
        "Recibes este mensaje porque participas en ${program_name}. "
        "Canales, horas de silencio y resumen diario: ${settings_url}"
    ),
    more_entries="... y ${extra} más en tu bandeja de entrada.",
    link_line="Abrir en Twoway: ${link}",
    labels={
        "role": {"junior": "mentor inverso", "senior": "mentee inverso"},
        "end_reason": {
            "admin": "finalizada por el equipo del programa",
            "at_risk": "finalizada tras una conversación con el equipo del programa",
            "withdrawal": "uno de vosotros dejó el programa",
            "erasure": "uno de vosotros dejó el programa",
            "program_ended": "el programa ha terminado",
            "participant_request": "finalizado a petición de uno de vosotros",
            "left_company": "uno de vosotros ha dejado la empresa",
            "not_a_fit": "el equipo del programa lo finalizó para buscaros nueva pareja",
        },
        "cancel_reason": {
            "requested": "cancelada a petición",
            "series_cancelled": "la serie se ha cancelado",
            "pair_ended": "la pareja ha finalizado",
            "participant_left": "un participante dejó el programa",
            "no_slot": "no quedaba ningún horario que os vaya bien a ambos",
        },
        "reschedule_reason": {
            "requested": "movida a petición",
            "availability_changed": "cambio de disponibilidad",
            "conflict": "un conflicto de agenda",
        },
        "risk_reason": {
            "low_ratings": "valoraciones bajas",
            "missed_sessions": "sesiones perdidas",
            "unanswered_feedback": "solicitudes de opinión sin respuesta",
            "inactive": "sin actividad reciente",
            "low_psychological_safety": "el mentor inverso no se siente seguro",
        },
        "unschedulable_reason": {
            "no_common_availability": "su disponibilidad semanal no coincide",
            "no_free_dates": "no quedan fechas libres en el programa",
            "unknown_participant": "falta una de las personas en el directorio",
            "program_over": "el programa ha terminado",
        },
        "partner_fallback": {"junior": "tu mentor inverso", "senior": "tu mentorizado"},
        "fallback": {"partner": "tu pareja de mentoría", "participant": "un participante"},
        "nudge": {"yes": "Recordatorio: ", "no": ""},
        "approval": {
            "awaiting": " Las parejas propuestas esperan tu aprobación.",
            "none": "",
        },
    },
    templates={
        "welcome": M(
            subject="Te damos la bienvenida a ${program_name}",
            body=(
                "Te has unido a ${program_name} como ${role}.\n\n"
                "En la mentoría inversa, ambas partes aprenden. En cuanto una ronda de "
                "emparejamiento encuentre una buena pareja para ti, os presentaremos y os "
                "explicaremos por qué encajáis."
            ),
            chat="${mention}¡te damos la bienvenida a ${program_name}!",
        ),
        "program_invitation": M(
            subject="Te invitamos a ${program_name}",
            body=(
                "Te invitamos a unirte a ${program_name} como ${role}.\n\n"
                "En la mentoría inversa, ambas partes aprenden: compartes lo que sabes y "
                "aprendes de tu pareja. Tu perfil viene del directorio de la empresa, así que "
                "unirte es un clic. Acepta o rechaza la invitación en tu página de Twoway."
            ),
            chat="${mention}te invitamos a ${program_name}.",
            footer=(
                "Recibes este mensaje porque ${program_name} te ha invitado. "
                "Canales, horas de silencio y resumen diario: ${settings_url}"
            ),
        ),
        "program_launched": M(
            subject="${program_name} ya está en marcha",
            body=(
                "${program_name} (${region}) se ha lanzado. Dura desde el ${start_date} hasta "
                "el ${end_date}, con una sesión de ${session_minutes} minutos cada "
                "${cadence_days} días.\n\n"
                "Te avisaremos aquí cuando una pareja necesite tu atención."
            ),
            chat="${program_name} (${region}) está en marcha: del ${start_date} al ${end_date}.",
        ),
        "pair_introduction": M(
            subject="Tu pareja de mentoría inversa: ${partner_name}",
            body=(
                "Formas pareja con ${partner_name} (${partner_role}); tú eres ${role}.\n\n"
                "Por qué vosotros dos:\n${reasons}\n\n"
                "Planificaremos vuestras sesiones y las invitaciones llegarán en breve. "
                "¡Saludaos antes de la primera sesión!"
            ),
            chat="${mention}tienes una nueva pareja en ${program_name}; detalles en tu correo.",
        ),
        "pair_ended": M(
            subject="Tu pareja con ${partner_name} ha finalizado",
            body=(
                "Tu pareja con ${partner_name} en ${program_name} ha finalizado: ${end_reason}. "
                "Las próximas sesiones quedan canceladas.\n\n"
                "Gracias por el tiempo que os habéis dedicado."
            ),
            chat="${mention}una de tus parejas en ${program_name} ha finalizado.",
        ),
        "session_rescheduled": M(
            subject="Sesión movida al ${start}",
            body=(
                "Tu sesión con ${partner_name} se ha movido del ${previous_start} al ${start}, "
                "hasta las ${end_time} (${timezone}); motivo: ${reschedule_reason}.\n\n"
                "La invitación adjunta actualiza el evento en tu calendario."
            ),
            chat="${mention}una sesión se ha movido al ${start} (${timezone}).",
        ),
        "session_cancelled": M(
            subject="Sesión cancelada: ${start}",
            body=(
                "Tu sesión con ${partner_name} del ${start} (${timezone}) se ha cancelado: "
                "${cancel_reason}.\n\n"
                "La cancelación adjunta la elimina de tu calendario."
            ),
            chat="${mention}la sesión del ${start} (${timezone}) se ha cancelado.",
        ),
        "session_reminder": M(
            subject="Recordatorio: sesión con ${partner_name} a las ${start_time}",
            body=(
                "Tu sesión con ${partner_name} empieza el ${start} y termina a las ${end_time} "
                "(${timezone}).\n\n"
                "Una buena sesión empieza con una pregunta en cada sentido: ¿qué quieres aprender "
                "hoy y qué puedes enseñar?"
            ),
            chat="${mention}recordatorio: tu sesión empieza a las ${start_time} (${timezone}).",
        ),
        "session_missed": M(
            subject="Sesión perdida del ${start_day}",
            body=(
                "Tu sesión con ${partner_name} prevista para el ${start} (${timezone}) no se "
                "celebró. La próxima sesión de tu serie sigue en pie.\n\n"
                "Si el horario ya no te va bien, actualiza tu disponibilidad y buscaremos un "
                "hueco mejor."
            ),
            chat="${mention}una sesión del ${start_day} se marcó como perdida.",
        ),
        "series_unschedulable": M(
            subject="Acción necesaria: sin horarios para la pareja ${pair_id}",
            body=(
                "No hemos podido programar sesiones para ${junior_name} y ${senior_name} "
                "(pareja ${pair_id}): ${unschedulable_reason}.\n\n"
                "Ayúdales a acordar un horario, o finaliza la pareja y vuelve a emparejarlos."
            ),
            chat="Acción necesaria: sin horarios para la pareja ${pair_id} "
            "(${unschedulable_reason}).",
        ),
        "feedback_requested": M(
            subject="${nudge}¿Qué tal tu última sesión de mentoría inversa?",
            body=(
                "Dedica dos minutos a contarnos tu última sesión: qué "
                "aprendiste, qué enseñaste y cómo te sentiste. El programa solo ve las "
                "valoraciones; tus notas son privadas.\n\n"
                "Responde antes del ${due_date}: ${feedback_url}"
            ),
            chat="${mention}${nudge}comparte tu opinión sobre tu última sesión antes del "
            "${due_date}.",
        ),
        "pair_at_risk": M(
            subject="La pareja ${pair_id} necesita atención",
            body=(
                "La pareja de ${junior_name} (mentor inverso) y ${senior_name} (mentee inverso) "
                "está en riesgo: salud ${health}; señales: ${risk_reasons}.\n\n"
                "Una breve conversación con ambos suele ayudar. Si la pareja no funciona, "
                "finalízala y vuelve a emparejarlos."
            ),
            chat="La pareja ${pair_id} necesita atención: salud ${health} (${risk_reasons}).",
        ),
        "pair_recovered": M(
            subject="La pareja ${pair_id} vuelve a ir bien",
            body=(
                "La pareja de ${junior_name} y ${senior_name} (pareja ${pair_id}) se ha "
                "recuperado: salud ${health}."
            ),
            chat="La pareja ${pair_id} vuelve a ir bien (salud ${health}).",
        ),
        "matching_round_completed": M(
            subject="Ronda de emparejamiento terminada: ${pairs_created} parejas nuevas",
            body=(
                "Ha terminado una ronda de emparejamiento de ${program_name}: ${pairs_created} "
                "parejas, tasa de emparejamiento ${match_rate}. Sin pareja todavía: "
                "${unmatched_juniors} mentores inversos y ${unmatched_seniors} mentees "
                "inversos.${approval}"
            ),
            chat="Ronda terminada: ${pairs_created} parejas, tasa ${match_rate}.${approval}",
        ),
        "series_invitation": M(
            subject=(
                "Conoce a ${partner_name}: tus sesiones de mentoría inversa en ${program_name}"
            ),
            body=(
                "Te hemos emparejado con ${partner_name} (${partner_role}); tú "
                "eres ${role}.\n\n"
                "Por qué vosotros dos:\n${reasons}\n\n"
                "Tus sesiones (${timezone}):\n${sessions}\n\n"
                "La invitación adjunta las añade a tu calendario como una sola "
                "serie. ¡Saluda antes de la primera sesión!"
            ),
            chat=(
                "${mention}tienes una nueva pareja en ${program_name}; los detalles "
                "están en tu correo."
            ),
        ),
        "series_cancelled": M(
            subject="Sesiones con ${partner_name} canceladas",
            body=(
                "Las sesiones restantes con ${partner_name} en ${program_name} "
                "se han cancelado: ${cancel_reason}.\n\n"
                "La cancelación adjunta elimina las sesiones restantes de tu calendario."
            ),
            chat=("${mention}tus sesiones restantes en ${program_name} se han cancelado."),
        ),
        "digest": M(
            subject="Tu resumen diario de ${program_name}: ${count} novedades",
            body="Esto es lo que ha pasado desde tu último resumen:\n\n${entries}",
            chat="${mention}${count} novedades te esperan en tu bandeja de entrada.",
        ),
        "redacted": M(
            subject="Mensaje eliminado",
            body=(
                "Este mensaje mencionaba a un participante cuyos datos personales se han eliminado."
            ),
            chat="Mensaje eliminado.",
        ),
    },
)
