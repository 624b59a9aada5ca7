"""Japanese texts (polite desu/masu form; names take the honorific さん)."""

from services.notifications.domain.texts.base import LocaleText
from services.notifications.domain.texts.base import MessageTemplate as M

TEXT = LocaleText(
    locale="ja",
    weekdays=("月", "火", "水", "木", "金", "土", "日"),
    months=tuple(f"{n}月" for n in range(1, 13)),
    moment="{year}年{month_num}月{day}日({weekday}) {time}",
    day="{year}年{month_num}月{day}日({weekday})",
    percent="{value}%",
    list_separator="、",
    bullet="・",
    greeting="${recipient_name} さん",
    greeting_anonymous="こんにちは。",
    signoff="${program_name}",
    footer=(
        "${program_name} に参加されているため、このメッセージをお送りしています。"
        "通知チャネル、通知しない時間帯、毎日のダイジェストの設定: ${settings_url}"
    ),
    more_entries="ほか ${extra} 件は受信トレイでご覧いただけます。",
    link_line="Twoway で開く: ${link}",
    labels={
        "role": {"junior": "リバースメンター", "senior": "リバースメンティー"},
        "end_reason": {
            "admin": "プログラム運営チームにより終了しました",
            "at_risk": "プログラム運営チームとの面談を経て終了しました",
            "withdrawal": "どちらかがプログラムを退出しました",
            "erasure": "どちらかがプログラムを退出しました",
            "program_ended": "プログラムが終了しました",
            "participant_request": "どちらかの希望により終了しました",
            "left_company": "どちらかが退職しました",
            "not_a_fit": "新しいペアを組めるよう、プログラムチームが終了しました",
        },
        "cancel_reason": {
            "requested": "依頼によりキャンセルされました",
            "series_cancelled": "シリーズ全体がキャンセルされました",
            "pair_ended": "ペアが終了しました",
            "participant_left": "参加者がプログラムを退出しました",
            "no_slot": "お二人に合う時間枠が残っていませんでした",
        },
        "reschedule_reason": {
            "requested": "依頼による変更",
            "availability_changed": "空き時間の変更",
            "conflict": "予定の重複",
        },
        "risk_reason": {
            "low_ratings": "セッション評価が低い",
            "missed_sessions": "セッションの欠席",
            "unanswered_feedback": "未回答のフィードバック依頼",
            "inactive": "最近の活動がない",
            "low_psychological_safety": "リバースメンターが安心できていない",
        },
        "unschedulable_reason": {
            "no_common_availability": "毎週の空き時間が重なりません",
            "no_free_dates": "プログラム内に空いている日程が残っていません",
            "unknown_participant": "どちらかが名簿に登録されていません",
            "program_over": "プログラムが終了しました",
        },
        "partner_fallback": {"junior": "リバースメンター", "senior": "リバースメンティー"},
        "fallback": {"partner": "ペアのお相手", "participant": "参加者"},
        "nudge": {"yes": "【リマインド】", "no": ""},
        "approval": {
            "awaiting": " 提案されたペアはあなたの承認を待っています。",
            "none": "",
        },
    },
    templates={
        "welcome": M(
            subject="${program_name} へようこそ",
            body=(
                "${role}として ${program_name} に参加しました。\n\n"
                "リバースメンタリングでは、お互いが学び合います。マッチングで良いお相手が"
                "見つかり次第、お二人をご紹介し、マッチングの理由もお伝えします。"
            ),
            chat="${mention}${program_name} へようこそ！",  # noqa: RUF001
        ),
        "program_invitation": M(
            subject="${program_name} へのご招待",
            body=(
                "${role}として ${program_name} への参加にご招待します。\n\n"
                "リバースメンタリングでは、お互いが学び合います。プロフィールは社内の"
                "ディレクトリから取り込まれるため、ワンクリックで参加できます。"
                "Twoway のページで招待を承諾または辞退してください。"
            ),
            chat="${mention}${program_name} へのご招待が届いています。",
            footer=(
                "${program_name} からご招待があったため、このメッセージをお送りしています。"
                "通知チャネル、通知しない時間帯、毎日のダイジェストの設定: ${settings_url}"
            ),
        ),
        "program_launched": M(
            subject="${program_name} が開始されました",
            body=(
                "${program_name} (${region}) が開始されました。期間は ${start_date} から "
                "${end_date} までで、${cadence_days} 日ごとに ${session_minutes} 分の"
                "セッションを行います。\n\n"
                "ペアに対応が必要になったときは、ここでお知らせします。"
            ),
            chat=(
                "${program_name} (${region}) が開始されました: "
                "${start_date} から ${end_date} まで。"
            ),
        ),
        "pair_introduction": M(
            subject="リバースメンタリングのペア: ${partner_name} さん",
            body=(
                "${partner_name} さん (${partner_role}) とペアになりました。"
                "あなたは${role}です。\n\n"
                "マッチングの理由:\n${reasons}\n\n"
                "セッションは自動で設定され、カレンダーの招待がまもなく届きます。"
                "最初のセッションの前に、ぜひ挨拶を交わしてください。"
            ),
            chat=(
                "${mention}${program_name} で新しいペアが決まりました。詳細はメールをご覧ください。"
            ),
        ),
        "pair_ended": M(
            subject="${partner_name} さんとのペアが終了しました",
            body=(
                "${program_name} での ${partner_name} さんとのペアは終了しました"
                " (${end_reason})。今後のセッションはキャンセルされています。\n\n"
                "お互いのために時間を割いていただき、ありがとうございました。"
            ),
            chat="${mention}${program_name} でのペアが終了しました。",
        ),
        "session_rescheduled": M(
            subject="セッションが ${start} に変更されました",
            body=(
                "${partner_name} さんとのセッションは ${previous_start} から ${start}"
                " (${end_time} まで、${timezone}) に変更されました。"
                "理由: ${reschedule_reason}。\n\n"
                "添付の招待でカレンダーの予定が更新されます。"
            ),
            chat="${mention}セッションが ${start} (${timezone}) に変更されました。",
        ),
        "session_cancelled": M(
            subject="セッションがキャンセルされました: ${start}",
            body=(
                "${start} (${timezone}) の ${partner_name} さんとのセッションはキャンセル"
                "されました: ${cancel_reason}。\n\n"
                "添付のキャンセル通知でカレンダーから削除されます。"
            ),
            chat="${mention}${start} (${timezone}) のセッションはキャンセルされました。",
        ),
        "session_reminder": M(
            subject="リマインド: ${start_time} から ${partner_name} さんとのセッション",
            body=(
                "${partner_name} さんとのセッションは ${start} に始まり、${end_time} に"
                "終わります (${timezone})。\n\n"
                "良いセッションは、お互いへの質問から始まります。今日は何を学びたいですか。"
                "そして、何を教えられますか。"
            ),
            chat="${mention}リマインド: セッションは ${start_time} (${timezone}) に始まります。",
        ),
        "session_missed": M(
            subject="${start_day} のセッションは実施されませんでした",
            body=(
                "${start} (${timezone}) に予定されていた ${partner_name} さんとのセッションは"
                "実施されませんでした。シリーズの次回のセッションは予定どおりです。\n\n"
                "時間が合わなくなった場合は、空き時間を更新してください。より良い時間枠を"
                "探します。"
            ),
            chat="${mention}${start_day} のセッションは欠席として記録されました。",
        ),
        "series_unschedulable": M(
            subject="対応が必要です: ペア ${pair_id} のセッション時間を設定できません",
            body=(
                "${junior_name} さんと ${senior_name} さん (ペア ${pair_id}) のセッションを"
                "設定できませんでした: ${unschedulable_reason}。\n\n"
                "時間の調整をサポートするか、ペアを終了して再マッチングしてください。"
            ),
            chat="対応が必要です: ペア ${pair_id} のセッション時間を設定できません"
            " (${unschedulable_reason})。",
        ),
        "feedback_requested": M(
            subject="${nudge}直近のリバースメンタリングのセッションはいかがでしたか",
            body=(
                "直近のセッションについて、2 分ほどでフィードバックを"
                "お寄せください。学んだこと、教えたこと、そして感じたことを教えてください。"
                "プログラムが見るのは評価のみで、メモは非公開です。\n\n"
                "回答期限は ${due_date} です: ${feedback_url}"
            ),
            chat="${mention}${nudge}${due_date} までに直近のセッションのフィードバックを"
            "お寄せください。",
        ),
        "pair_at_risk": M(
            subject="ペア ${pair_id} に対応が必要です",
            body=(
                "${junior_name} さん (リバースメンター) と ${senior_name} さん"
                " (リバースメンティー) のペアに懸念があります: 健全度 ${health}、"
                "兆候: ${risk_reasons}。\n\n"
                "お二人との短い面談が役立つことがよくあります。うまくいかない場合は、"
                "ペアを終了して再マッチングしてください。"
            ),
            chat="ペア ${pair_id} に対応が必要です: 健全度 ${health} (${risk_reasons})。",
        ),
        "pair_recovered": M(
            subject="ペア ${pair_id} は順調に戻りました",
            body=(
                "${junior_name} さんと ${senior_name} さんのペア (ペア ${pair_id}) は回復"
                "しました: 健全度 ${health}。"
            ),
            chat="ペア ${pair_id} は順調に戻りました (健全度 ${health})。",
        ),
        "matching_round_completed": M(
            subject="マッチングが完了しました: 新しいペア ${pairs_created} 組",
            body=(
                "${program_name} のマッチングが完了しました: ${pairs_created} 組、"
                "マッチ率 ${match_rate}。未マッチ: リバースメンター ${unmatched_juniors} 名、"
                "リバースメンティー ${unmatched_seniors} 名。${approval}"
            ),
            chat="マッチング完了: ${pairs_created} 組、マッチ率 ${match_rate}。${approval}",
        ),
        "series_invitation": M(
            subject=("${partner_name} さんのご紹介と ${program_name} のセッション日程"),
            body=(
                "${partner_name} さん(${partner_role})とペアになりました。"
                "あなたは${role}です。\n\n"
                "マッチングの理由:\n${reasons}\n\n"
                "セッション日程(${timezone}):\n${sessions}\n\n"
                "添付の招待状で、すべてのセッションを1つの定期予定としてカレンダーに追加できます。"
                "最初のセッションの前に挨拶してみましょう。"
            ),
            chat=(
                "${mention}${program_name} で新しいペアが決まりました。詳細はメールをご覧ください。"
            ),
        ),
        "series_cancelled": M(
            subject=("${partner_name} さんとのセッションはキャンセルされました"),
            body=(
                "${program_name} での ${partner_name} "
                "さんとの残りのセッションはキャンセルされました: ${cancel_reason}。"
                "\n\n"
                "添付のキャンセル通知で残りのセッションがカレンダーから削除されます。"
            ),
            chat=("${mention}${program_name} の残りのセッションはキャンセルされました。"),
        ),
        "digest": M(
            subject="${program_name} の毎日のダイジェスト: 新着 ${count} 件",
            body="前回のダイジェスト以降のお知らせです:\n\n${entries}",
            chat="${mention}受信トレイに新着 ${count} 件があります。",
        ),
        "redacted": M(
            subject="メッセージは削除されました",
            body="このメッセージは、個人データが消去された参加者に言及していました。",
            chat="メッセージは削除されました。",
        ),
    },
)
