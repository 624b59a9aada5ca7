# ruff: noqa: RUF001 - Japanese text uses full-width punctuation on purpose
"""The layout's, pager's and error pages' texts in de, fr, es and ja that common.py does
not hold, so every page is complete in every locale."""

from __future__ import annotations

MORE: dict[str, dict[str, str]] = {
    "de": {
        "app.name": "Twoway",
        "error.token_refused": "Der Bereich {service} von Twoway hat Ihre Anmeldung nicht "
        "akzeptiert. Bitte lassen Sie die Anmeldekonfiguration von Ihrer Administration prüfen.",
        "common.showing_open": "{start}-{end}",
        "common.required": "Pflichtfeld",
        "common.loading": "Wird bearbeitet...",
    },
    "fr": {
        "app.name": "Twoway",
        "signin.no_role": "Votre compte n'a pas encore de rôle Twoway. Adressez-vous à "
        "l'administrateur de votre programme.",
        "error.form_rejected": "Le formulaire n'a pas pu être accepté. Veuillez recharger la "
        "page et réessayer.",
        "error.sign_in_failed": "La connexion a échoué. Veuillez réessayer.",
        "error.too_large": "L'envoi est trop volumineux ({megabytes} Mo au maximum).",
        "error.token_refused": "La partie {service} de Twoway n'a pas accepté votre connexion. "
        "Veuillez demander à votre administrateur de vérifier la configuration de connexion.",
        "service.identity": "connexion",
        "common.filter": "Filtrer",
        "common.first": "Début",
        "common.showing": "{start}-{end} sur {total}",
        "common.showing_open": "{start}-{end}",
        "common.yes": "oui",
        "common.no": "non",
        "common.required": "obligatoire",
        "common.download_csv": "Télécharger le CSV",
        "common.pagination": "Pages",
        "common.loading": "Traitement en cours...",
    },
    "es": {
        "app.name": "Twoway",
        "signin.no_role": "Su cuenta aún no tiene un rol en Twoway. Consulte al administrador "
        "de su programa.",
        "error.form_rejected": "No se pudo aceptar el formulario. Vuelva a cargar la página e "
        "inténtelo de nuevo.",
        "error.sign_in_failed": "No se pudo iniciar sesión. Inténtelo de nuevo.",
        "error.too_large": "Lo enviado es demasiado grande (como máximo {megabytes} MB).",
        "error.token_refused": "La parte de {service} de Twoway no aceptó su inicio de sesión. "
        "Pida a su administrador que revise la configuración del inicio de sesión.",
        "service.identity": "inicio de sesión",
        "common.filter": "Filtrar",
        "common.first": "Primera",
        "common.showing": "{start}-{end} de {total}",
        "common.showing_open": "{start}-{end}",
        "common.yes": "sí",
        "common.no": "no",
        "common.required": "obligatorio",
        "common.download_csv": "Descargar CSV",
        "common.pagination": "Páginas",
        "common.loading": "Procesando...",
    },
    "ja": {
        "app.name": "Twoway",
        "signin.no_role": "お使いのアカウントにはまだ Twoway の役割がありません。"
        "プログラム管理者にお問い合わせください。",
        "error.form_rejected": "フォームを受け付けられませんでした。ページを再読み込みして、"
        "もう一度お試しください。",
        "error.sign_in_failed": "サインインできませんでした。もう一度お試しください。",
        "error.too_large": "送信されたデータが大きすぎます（最大 {megabytes} MB）。",
        "error.token_refused": "Twoway の{service}がサインインを受け付けませんでした。"
        "サインインの設定を確認するよう管理者に依頼してください。",
        "service.identity": "サインイン",
        "common.filter": "絞り込み",
        "common.first": "最初",
        "common.showing": "{start}-{end} 件（全 {total} 件）",
        "common.showing_open": "{start}-{end} 件",
        "common.yes": "はい",
        "common.no": "いいえ",
        "common.required": "必須",
        "common.download_csv": "CSV をダウンロード",
        "common.pagination": "ページ",
        "common.loading": "処理しています...",
    },
}
