"""Texts of the console's enrolment rules (the Enrol tab's "enrol by rule" page)."""

from __future__ import annotations

_EN = {
    "rules.link": "Enrol automatically: by department or place",
    "rules.title": "Enrolment rules",
    "rules.lead": "The program takes in, by itself, the company directory's people of a "
    "department and/or place: those there now when you save, and whoever the directory adds "
    "or moves there later. Nobody who is or was in the program is enrolled again.",
    "rules.back": "Back to enrolling people one by one",
    "rules.remove": "Remove",
    "rules.hint": "A rule names a department, a place or both (any case). Someone two rules "
    "admit joins on the first one's terms. Rows left empty are ignored.",
    "rules.submit": "Save the rules",
    "rules.saved": "{rules} rule(s) saved; {joined} people enrolled now.",
    "rules.problem.role": "Choose junior or senior for each rule.",
    "rules.problem.seniority": "Seniority is a whole number from 1 to 10.",
    "rules.problem.too_many": "A program has at most 20 rules.",
}

_DE = {
    "rules.link": "Automatisch aufnehmen: nach Abteilung oder Standort",
    "rules.title": "Aufnahmeregeln",
    "rules.lead": "Das Programm nimmt die Personen einer Abteilung und/oder eines Standorts aus "
    "dem Firmenverzeichnis selbst auf: wer beim Speichern dort ist und wen das Verzeichnis "
    "später hinzufügt oder dorthin versetzt. Wer im Programm ist oder war, wird nicht erneut "
    "aufgenommen.",
    "rules.back": "Zurück zur Aufnahme einzelner Personen",
    "rules.remove": "Entfernen",
    "rules.hint": "Eine Regel nennt eine Abteilung, einen Standort oder beides (Groß- und "
    "Kleinschreibung egal). Wer unter zwei Regeln fällt, wird zu den Bedingungen der ersten "
    "aufgenommen. Leere Zeilen werden ignoriert.",
    "rules.submit": "Regeln speichern",
    "rules.saved": "{rules} Regel(n) gespeichert; {joined} Personen jetzt aufgenommen.",
    "rules.problem.role": "Wählen Sie für jede Regel Junior oder Senior.",
    "rules.problem.seniority": "Die Seniorität ist eine ganze Zahl von 1 bis 10.",
    "rules.problem.too_many": "Ein Programm hat höchstens 20 Regeln.",
}

_FR = {
    "rules.link": "Inscrire automatiquement : par service ou par site",
    "rules.title": "Règles d'inscription",
    "rules.lead": "Le programme inscrit de lui-même les personnes de l'annuaire d'un service "
    "et/ou d'un site : celles qui y sont à l'enregistrement, et celles que l'annuaire y ajoute "
    "ou y mute ensuite. Personne qui est ou a été dans le programme n'est réinscrit.",
    "rules.back": "Revenir à l'inscription personne par personne",
    "rules.remove": "Retirer",
    "rules.hint": "Une règle nomme un service, un site ou les deux (sans tenir compte de la "
    "casse). Une personne admise par deux règles est inscrite aux conditions de la première. "
    "Les lignes vides sont ignorées.",
    "rules.submit": "Enregistrer les règles",
    "rules.saved": "{rules} règle(s) enregistrée(s) ; {joined} personnes inscrites maintenant.",
    "rules.problem.role": "Choisissez junior ou senior pour chaque règle.",
    "rules.problem.seniority": "La séniorité est un nombre entier de 1 à 10.",
    "rules.problem.too_many": "Un programme a au plus 20 règles.",
}

_ES = {
    "rules.link": "Inscribir automáticamente: por departamento o ubicación",
    "rules.title": "Reglas de inscripción",
    "rules.lead": "El programa inscribe por sí mismo a las personas del directorio de un "
    "departamento y/o ubicación: quienes estén allí al guardar y quienes el directorio añada "
    "o traslade allí después. Nadie que esté o haya estado en el programa se inscribe de nuevo.",
    "rules.back": "Volver a inscribir persona por persona",
    "rules.remove": "Quitar",
    "rules.hint": "Una regla nombra un departamento, una ubicación o ambos (sin distinguir "
    "mayúsculas). Quien cumpla dos reglas se inscribe con las condiciones de la primera. Las "
    "filas vacías se ignoran.",
    "rules.submit": "Guardar las reglas",
    "rules.saved": "{rules} regla(s) guardada(s); {joined} personas inscritas ahora.",
    "rules.problem.role": "Elija junior o senior en cada regla.",
    "rules.problem.seniority": "La antigüedad es un número entero del 1 al 10.",
    "rules.problem.too_many": "Un programa tiene como máximo 20 reglas.",
}

_JA = {
    "rules.link": "部署または勤務地で自動登録",
    "rules.title": "登録ルール",
    "rules.lead": "プログラムは、社内ディレクトリの特定の部署や勤務地の人を自動的に登録します。"
    "保存時にそこにいる人と、その後ディレクトリが追加・異動させた人が対象です。"
    "プログラムに参加中または参加したことのある人は再登録されません。",
    "rules.back": "1人ずつの登録に戻る",
    "rules.remove": "削除",
    "rules.hint": "ルールには部署、勤務地、またはその両方を指定します。大文字小文字は区別しません。"
    "2つのルールに該当する人は最初のルールの条件で登録されます。空の行は無視されます。",
    "rules.submit": "ルールを保存",
    "rules.saved": "{rules}件のルールを保存しました。{joined}人を登録しました。",
    "rules.problem.role": "各ルールでジュニアかシニアを選んでください。",
    "rules.problem.seniority": "シニアリティは1から10の整数です。",
    "rules.problem.too_many": "プログラムのルールは20件までです。",
}

TEXTS = {"en": _EN, "de": _DE, "fr": _FR, "es": _ES, "ja": _JA}
