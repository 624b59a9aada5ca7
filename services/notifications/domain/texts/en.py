"""English texts; the reference every other locale translates."""

from services.notifications.domain.texts.base import LocaleText
from services.notifications.domain.texts.base import MessageTemplate as M

TEXT = LocaleText(
    locale="en",
    weekdays=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    months=tuple(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ]
    ),
    moment="{weekday}, {day} {month} {year}, {time}",
    day="{weekday}, {day} {month} {year}",
    percent="{value}%",
    list_separator=", ",
    bullet="- ",
    greeting="Hello ${recipient_name},",
    greeting_anonymous="Hello,",
    signoff="Best regards,\n${program_name}",
    footer=(
        "You receive this because you take part in ${program_name}. "
        "Choose channels, quiet hours and a daily digest here: ${settings_url}"
    ),
    more_entries="...and ${extra} more in your inbox.",
    link_line="Open in Twoway: ${link}",
    labels={
        "role": {"junior": "reverse mentor", "senior": "reverse mentee"},
        "end_reason": {
            "admin": "ended by the program team",
            "at_risk": "ended after a check-in by the program team",
            "withdrawal": "one of you left the program",
            "erasure": "one of you left the program",
            "program_ended": "the program has ended",
            "participant_request": "ended at the request of one of you",
            "left_company": "one of you has left the company",
            "not_a_fit": "ended by the program team so that each of you can be matched anew",
        },
        "cancel_reason": {
            "requested": "cancelled on request",
            "series_cancelled": "the series was cancelled",
            "pair_ended": "the pairing has ended",
            "participant_left": "a participant left the program",
            "no_slot": "no time slot was left that suits you both",
        },
        "reschedule_reason": {
            "requested": "moved on request",
            "availability_changed": "availability changed",
            "conflict": "a calendar conflict",
        },
        "risk_reason": {
            "low_ratings": "low session ratings",
            "missed_sessions": "missed sessions",
            "unanswered_feedback": "unanswered feedback requests",
            "inactive": "no recent activity",
            "low_psychological_safety": "the reverse mentor does not feel safe",
        },
        "unschedulable_reason": {
            "no_common_availability": "their weekly availability does not overlap",
            "no_free_dates": "no free dates are left in the program",
            "unknown_participant": "one of them is missing from the directory",
            "program_over": "the program has ended",
        },
        "partner_fallback": {"junior": "your reverse mentor", "senior": "your reverse mentee"},
        "fallback": {"partner": "your partner", "participant": "a participant"},
        "nudge": {"yes": "Reminder: ", "no": ""},
        "approval": {
            "awaiting": " The proposed pairs are waiting for your approval.",
            "none": "",
        },
    },
    templates={
        "welcome": M(
            subject="Welcome to ${program_name}",
            body=(
                "You have joined ${program_name} as a ${role}.\n\n"
                "In reverse mentoring, learning goes both ways. As soon as a matching round finds "
                "a good partner for you, we will introduce you to each other and explain why you "
                "were matched."
            ),
            chat="${mention}welcome to ${program_name}!",
        ),
        "program_invitation": M(
            subject="You are invited to ${program_name}",
            body=(
                "You are invited to join ${program_name} as a ${role}.\n\n"
                "In reverse mentoring, learning goes both ways: you share what you know and "
                "learn from your partner. Your profile comes from the company directory, so "
                "joining takes one click. Accept or decline the invitation on your Twoway page."
            ),
            chat="${mention}you are invited to ${program_name}.",
            footer=(
                "You receive this because ${program_name} invited you. "
                "Choose channels, quiet hours and a daily digest here: ${settings_url}"
            ),
        ),
        "program_launched": M(
            subject="${program_name} is live",
            body=(
                "${program_name} (${region}) has been launched. It runs from ${start_date} to "
                "${end_date}, with a ${session_minutes}-minute session every ${cadence_days} "
                "days.\n\nWe will tell you here when a pair needs your attention."
            ),
            chat="${program_name} (${region}) is live: ${start_date} to ${end_date}.",
        ),
        "pair_introduction": M(
            subject="Meet your reverse-mentoring partner: ${partner_name}",
            body=(
                "You have been paired with ${partner_name}, your ${partner_role}; "
                "you are the ${role}.\n\n"
                "Why you two:\n${reasons}\n\n"
                "Your sessions will be scheduled for you and the calendar invitations follow "
                "shortly. Say hello before your first session!"
            ),
            chat="${mention}you have a new partner in ${program_name}; details are in your email.",
        ),
        "pair_ended": M(
            subject="Your pairing with ${partner_name} has ended",
            body=(
                "Your pairing with ${partner_name} in ${program_name} has ended: ${end_reason}. "
                "Upcoming sessions are cancelled.\n\n"
                "Thank you for the time you gave each other."
            ),
            chat="${mention}a pairing of yours in ${program_name} has ended.",
        ),
        "session_rescheduled": M(
            subject="Session moved to ${start}",
            body=(
                "Your session with ${partner_name} has moved from ${previous_start} to ${start} "
                "to ${end_time} (${timezone}); reason: ${reschedule_reason}.\n\n"
                "The attached invitation updates the event in your calendar."
            ),
            chat="${mention}a session has moved to ${start} (${timezone}).",
        ),
        "session_cancelled": M(
            subject="Session cancelled: ${start}",
            body=(
                "Your session with ${partner_name} on ${start} (${timezone}) is cancelled: "
                "${cancel_reason}.\n\n"
                "The attached cancellation removes it from your calendar."
            ),
            chat="${mention}the session on ${start} (${timezone}) is cancelled.",
        ),
        "session_reminder": M(
            subject="Reminder: session with ${partner_name} at ${start_time}",
            body=(
                "Your session with ${partner_name} starts on ${start} and ends at ${end_time} "
                "(${timezone}).\n\n"
                "A good session starts with one question each way: what would you like to learn "
                "today, and what can you teach?"
            ),
            chat="${mention}reminder: your session starts at ${start_time} (${timezone}).",
        ),
        "session_missed": M(
            subject="Missed session on ${start_day}",
            body=(
                "Your session with ${partner_name} planned for ${start} (${timezone}) did not "
                "take place. The next session of your series is still planned.\n\n"
                "If the time no longer works for you, update your availability and we will look "
                "for a better slot."
            ),
            chat="${mention}a session on ${start_day} was marked as missed.",
        ),
        "series_unschedulable": M(
            subject="Action needed: no session times for pair ${pair_id}",
            body=(
                "We could not schedule sessions for ${junior_name} and ${senior_name} "
                "(pair ${pair_id}): ${unschedulable_reason}.\n\n"
                "Please help them agree on a time, or end the pairing and rematch them."
            ),
            chat="Action needed: no session times for pair ${pair_id} (${unschedulable_reason}).",
        ),
        "feedback_requested": M(
            subject="${nudge}How was your latest reverse-mentoring session?",
            body=(
                "Please take two minutes to tell us about your latest session: what you learned, "
                "what you taught and how it felt. The program "
                "only sees ratings; your notes stay private.\n\n"
                "Please answer by ${due_date}: ${feedback_url}"
            ),
            chat="${mention}${nudge}please share feedback on your last session by ${due_date}.",
        ),
        "pair_at_risk": M(
            subject="Pair ${pair_id} needs attention",
            body=(
                "The pairing of ${junior_name} (reverse mentor) and ${senior_name} "
                "(reverse mentee) is at risk: health ${health}; signals: ${risk_reasons}.\n\n"
                "A short check-in with both often helps. If the pairing does not work, end it "
                "and rematch them."
            ),
            chat="Pair ${pair_id} needs attention: health ${health} (${risk_reasons}).",
        ),
        "pair_recovered": M(
            subject="Pair ${pair_id} is back on track",
            body=(
                "The pairing of ${junior_name} and ${senior_name} (pair ${pair_id}) has "
                "recovered: health ${health}."
            ),
            chat="Pair ${pair_id} is back on track (health ${health}).",
        ),
        "matching_round_completed": M(
            subject="Matching round finished: ${pairs_created} new pairs",
            body=(
                "A matching round of ${program_name} has finished: ${pairs_created} pairs, "
                "match rate ${match_rate}. Still unmatched: ${unmatched_juniors} reverse "
                "mentors and ${unmatched_seniors} reverse mentees.${approval}"
            ),
            chat="Matching round finished: ${pairs_created} pairs, match rate ${match_rate}."
            "${approval}",
        ),
        "series_invitation": M(
            subject=("Meet ${partner_name}: your reverse-mentoring sessions in ${program_name}"),
            body=(
                "You have been paired with ${partner_name}, your ${partner_role}; "
                "you are the ${role}.\n\n"
                "Why you two:\n${reasons}\n\n"
                "Your sessions (${timezone}):\n${sessions}\n\n"
                "The attached invitation adds them to your calendar as one series. "
                "Say hello before your first session!"
            ),
            chat=(
                "${mention}you have a new partner in ${program_name}; details are in your email."
            ),
        ),
        "series_cancelled": M(
            subject="Sessions with ${partner_name} cancelled",
            body=(
                "The remaining sessions with ${partner_name} in ${program_name} "
                "are cancelled: ${cancel_reason}.\n\n"
                "The attached cancellation removes the remaining sessions from your calendar."
            ),
            chat=("${mention}your remaining sessions in ${program_name} are cancelled."),
        ),
        "digest": M(
            subject="Your daily digest from ${program_name}: ${count} updates",
            body="Here is what happened since your last digest:\n\n${entries}",
            chat="${mention}${count} updates are waiting in your inbox.",
        ),
        "redacted": M(
            subject="Message removed",
            body="This message mentioned a participant whose personal data has been erased.",
            chat="Message removed.",
        ),
    },
)
