// Ukrainian catalog: HES's own Ukrainian terms where HES has one (Захист даних, Ліцензування,
// Домен, Ключі безпеки, Постачальники послуг, Не налаштовано, Зберегти, Скасувати …).
// A key missing here falls back to English; tests/i18n.test.mjs fails on any missing key.
import type { Key, Message } from './en';

export const uk: Partial<Record<Key, Message>> = {
  // ---------- shared words ----------
  SAVE: 'Зберегти',
  SAVING: 'Збереження…',
  CANCEL: 'Скасувати',
  CLOSE: 'Закрити',
  DELETE: 'Видалити',
  DELETING: 'Видалення…',
  EDIT: 'Редагувати',
  SHOW: 'Показати',
  HIDE: 'Приховати',
  COPY: 'Копіювати',
  REMOVE: 'Видалити',
  UNDO: 'Скасувати видалення',
  RETRY: 'Спробуйте ще раз',
  STORED: 'збережено',
  NOT_SET: 'не задано',
  YES: 'Так',
  NO: 'Ні',
  LANGUAGE: 'Мова',
  NOT_CONFIGURED: 'Не налаштовано',
  CONFLICT_MESSAGE:
    'Хтось інший змінив ці налаштування, поки ви їх редагували. Тут показано їхні поточні значення; ваші зміни залишилися у формі.',
  DISCARD_MINE: 'Відкинути мої зміни',
  APPLY_MINE: 'Все одно застосувати мої',
  STORED_PLACEHOLDER: 'збережено — залиште порожнім, щоб не змінювати',
  HES_RELEASE: 'HES {version}',
  HES_RELEASE_UNKNOWN: 'Ця версія HES',
  DURATION_MS: '{ms} мс',
  DURATION_S: '{s} с',

  // ---------- how HES treats a section ----------
  SUPPORT_RESTART: 'HES застосовує зміни в цьому розділі лише після перезапуску.',
  SUPPORT_IGNORED:
    '{release} не читає це налаштування, і жодна відома версія HES його не читає: консоль зберігає його у власному рядку, у форматі, описаному в {doc}.',
  NOT_READ_BADGE: 'HES {version} не читає',
  NOT_READ_BADGE_UNKNOWN: 'ця версія HES не читає',
  DOMAINS_IGNORED:
    '{release} читає лише основний локальний домен (одразу після змін). Домени з позначкою «{badge}» зберігаються у власному рядку консолі, який не читає жодна відома версія HES (його формат описано в {doc}).',
  EMAIL_CONFIG_NOTE: 'HES 3.x бере налаштування SMTP з власного файлу конфігурації.',

  // ---------- Захист даних ----------
  DP_LOCKED:
    'Захист даних HES увімкнено. Показано налаштування без секретів; введіть пароль захисту даних, щоб переглянути або змінити секретні поля.',
  DP_LOCKED_READONLY:
    'Захист даних HES увімкнено. Показано налаштування без секретів; у режимі лише для читання секретні поля приховано.',
  DP_BROKEN_TITLE: 'Захист даних HES у незавершеному стані.',
  DP_BROKEN:
    'Зміну пароля захисту даних у HES не завершено: таблиця DataProtection містить більше одного рядка. Секрети неможливо безпечно читати чи записувати, тому для цієї бази даних консоль працює лише для читання. Завершіть зміну пароля в HES, а потім знову відкрийте це підключення.',
  DP_WRONG_PASSWORD: 'Неправильний пароль захисту даних.',
  DP_SECRET_LOCKED: 'Розблокуйте захист даних, щоб змінити це.',
  DP_SECRET_LOCKED_KEPT: 'Розблокуйте захист даних, щоб змінити це. Під час збереження поточне значення залишиться.',
  DP_FINDINGS_TITLE: {
    one: '{n} збережений секрет неможливо використати.',
    few: '{n} збережені секрети неможливо використати.',
    many: '{n} збережених секретів неможливо використати.',
    other: '{n} збереженого секрету неможливо використати.',
  },
  DP_FINDINGS_INTRO:
    'Коли захист даних вмикають, вимикають або змінюють його пароль, HES перешифровує лише власні налаштування ліцензування, домену та Splunk. Наведені нижче секрети залишилися поза цим: консоль не використовує, не показує й не копіює їх, доки їх не відновлено або не введено знову.',
  DP_FINDINGS_ELSEWHERE_INTRO:
    'Ці секрети зашифровано ключем, якого немає у сховищі ключів цього комп’ютера (робочий простір скопійовано з іншого комп’ютера або сховище ключів скинуто). Консоль не використовує, не показує й не копіює їх: введіть їх знову; більше нічого не втрачено.',
  DP_PROTECT_NOW: 'Захистити зараз',
  DP_RECOVER: 'Відновити старим паролем…',
  DP_RECOVER_INTRO:
    'Введіть пароль захисту даних, який HES використовував до його зміни чи вимкнення. Консоль розшифрує секрети, що залишилися під тим ключем, за допомогою копії його параметрів, збереженої на цьому комп’ютері, і збереже їх знову відповідно до поточного стану. Більше нічого не зміниться.',
  DP_RECOVER_WRONG: 'Це не старий пароль захисту даних.',
  DP_REPAIRED: {
    one: 'Відновлено {n} секрет.',
    few: 'Відновлено {n} секрети.',
    many: 'Відновлено {n} секретів.',
    other: 'Відновлено {n} секрету.',
  },
  WORKSPACE_PLAINTEXT:
    'Секрети локального робочого простору не зашифровано на цьому комп’ютері: {why}. Їх захищають лише права доступу до файлу: використовуйте шифрування всього диска або зробіть доступним сховище ключів ОС і відкрийте консоль знову.',
  DP_UNLOCK_INTRO:
    'Перш ніж щось розшифрувати, консоль перевіряє пароль за кодом перевірки HES. Сам захист даних (увімкнення, вимкнення, зміна пароля) керується в HES.',
  READ_ONLY_TITLE: 'Лише для читання.',
  READ_ONLY_DEFAULT: 'Через це підключення не можна змінювати налаштування.',
  UNLOCK: 'Розблокувати…',

  // ---------- підключення ----------
  LOCAL_WORKSPACE: 'Локальний робочий простір',
  TLS_DISABLED: 'Вимкнено',
  TLS_DISABLED_HELP: 'Без TLS: усе передається незашифрованим.',
  TLS_PREFERRED: 'Бажано',
  TLS_PREFERRED_HELP: 'TLS, якщо сервер його пропонує, інакше без шифрування; сертифікат не перевіряється.',
  TLS_REQUIRED: 'Обов’язково',
  TLS_REQUIRED_HELP: 'Завжди TLS; сертифікат сервера не перевіряється.',
  TLS_VERIFY_CA: 'Перевіряти ЦС',
  TLS_VERIFY_CA_HELP:
    'Завжди TLS; сертифікат має бути підписаний довіреним центром сертифікації (файлом ЦС нижче, якщо його вказано).',
  TLS_VERIFY_IDENTITY: 'Перевіряти ідентичність',
  TLS_VERIFY_IDENTITY_HELP: 'Як «Перевіряти ЦС», і сертифікат має називати хост, до якого ви підключаєтеся.',
  TLS_UNVERIFIED_WARNING:
    'Цей режим не перевіряє сервер: будь-хто на мережевому шляху може видати себе за базу даних і отримати пароль та всі налаштування («Бажано» навіть переходить на з’єднання без TLS). Виберіть «Перевіряти ідентичність»; якщо сервер має самопідписаний сертифікат, «Перевірити» покаже його й дасть змогу довіряти саме цьому сертифікату.',
  TLS_DISABLED_WARNING:
    'Без TLS пароль бази даних і всі налаштування передаються мережею незашифрованими. Використовуйте це лише в довіреній мережі.',
  TLS_CA_HINT:
    'Сертифікат сервера не є довіреним. Відредагуйте підключення: вкажіть файл ЦС, яким підписано сертифікат сервера (режим TLS «Перевіряти ЦС» або «Перевіряти ідентичність»); з «Перевіряти ідентичність» підключайтеся за іменем хоста, указаним у сертифікаті.',
  DB_CERT_ADVICE:
    'MySQL 8 створює власний самопідписаний сертифікат. Перш ніж довіряти йому, порівняйте цей SHA-256 із сертифікатом сервера (на сервері бази даних: openssl x509 -in server-cert.pem -noout -fingerprint -sha256, у каталозі даних MySQL). Для цього сервера на цьому комп’ютері буде прийнято лише саме цей сертифікат.',
  DB_CERT_CHANGED:
    'Сервер надав інший сертифікат, ніж той, якому ви довірили, тому консоль не підключилася. Можливо, хтось перехоплює з’єднання. Довіряйте новому сертифікату лише після того, як звірите його SHA-256 з адміністратором бази даних.',

  // ---------- копіювання налаштувань ----------
  STAGE_LICENSING: 'Ліцензування',
  STAGE_DOMAIN: 'Домен (основний)',
  STAGE_DOMAINS: 'Додаткові домени',
  STAGE_SPLUNK: 'Splunk',
  STAGE_FIDO: 'Ключі безпеки',
  STAGE_OIDC: 'OIDC',
  STAGE_EMAIL: 'Електронна пошта',
  STAGE_CUSTOMIZATION: 'Персоналізація',
  STAGE_SAML: 'Постачальники послуг SAML',
  STAGE_TITLE: 'Копіювання налаштувань між підключеннями',
  STAGE_INTRO:
    'Копіює вибрані розділи з одного підключення в інше, наприклад з локального робочого простору на сервер HES. Секрети перешифровуються ключем захисту даних цільового підключення. Спершу перегляньте зміни: нічого не записується, доки ви не підтвердите.',
  STAGE_SAME: 'Виберіть два різні підключення для копіювання.',
  STAGE_NONE: 'Виберіть принаймні один розділ.',
  STAGE_ACTION_CREATE: 'Створити',
  STAGE_ACTION_REPLACE: 'Замінити',
  STAGE_ACTION_REMOVE: 'Видалити',
  STAGE_ACTION_UNCHANGED: 'Без змін',
  STAGE_DP_LOCKED_HINT:
    'З підключення з увімкненим захистом даних HES або до нього можна копіювати, лише коли консоль може прочитати його ключ: відкрийте це підключення й розблокуйте його (і копіюйте, поки воно відкрите) або розблокуйте його з «Запам’ятати пароль», а тоді перегляньте зміни знову.',
  STAGE_STALE:
    'Цільове підключення змінилося після цього перегляду. Нічого не скопійовано. Перегляньте зміни знову, щоб побачити поточні відмінності.',
  STAGE_COPIED: 'Налаштування скопійовано до {to}.',

  // ---------- Діагностика ----------
  DIAGNOSTICS_TITLE: 'Діагностика',
  DIAGNOSTICS_DESCRIPTION:
    'Перевірте всі зовнішні підключення, налаштовані тут, одночасно: Active Directory, Azure AD, Splunk, електронну пошту (SMTP), сервер ліцензування та ваші збережені підключення до баз даних HES. Секрети й ключі ніколи не потрапляють у звіт.',
  DIAGNOSTICS_EMPTY: 'Жодного зовнішнього підключення ще не налаштовано.',
  DIAGNOSTICS_RUN: 'Запустити всі перевірки',
  DIAGNOSTICS_RUNNING: 'Виконується…',
  DIAGNOSTICS_COPY: 'Копіювати звіт',
  DIAGNOSTICS_COPIED: 'Звіт скопійовано в буфер обміну.',
  DIAGNOSTICS_COPY_FAILED: 'Не вдалося скопіювати звіт у буфер обміну.',
  DIAGNOSTICS_IDLE: 'Запустіть перевірки, щоб перевірити кожне підключення крок за кроком.',
  CHECK_TEST: 'Перевірити',
  CHECK_WAITING: 'Очікування першого кроку…',
  CHECK_SPLUNK: 'Splunk',
  CHECK_LICENSING: 'Сервер ліцензування',
  CHECK_AZURE: 'Azure AD',
  CHECK_AD: 'Active Directory',
  CHECK_SMTP: 'Електронна пошта (SMTP)',
  CHECK_DATABASE: 'База даних HES',
  CHECK_DATAPROTECTION: 'Захист даних',
  STATUS_OK: 'OK',
  STATUS_WARN: 'Попередження',
  STATUS_FAIL: 'Помилка',
  STATUS_SKIPPED: 'Пропущено',

  // ---------- секрети OIDC, сертифікати й метадані SAML, логотипи, ключі безпеки ----------
  OIDC_SECRET_ONCE:
    'Скопіюйте секрет клієнта зараз і передайте його застосунку. Більше його не буде показано: надалі консоль показує його лише як «збережено».',
  OIDC_SECRET_GENERATED_HINT:
    'Консоль створює секрет клієнта (32 випадкові байти) і показує його один раз після додавання клієнта.',
  OIDC_SECRET_EDIT_HINT: 'Створено консоллю. Щоб замінити його, скористайтеся «Створити секрет заново» для клієнта.',
  OIDC_PUBLIC_CLIENT: 'Публічний клієнт (PKCE): без секрету клієнта',
  OIDC_REGENERATE_TITLE: 'Створити секрет клієнта заново',
  OIDC_REGENERATE_CONSEQUENCE:
    'Застосунки, що входять з ідентифікатором клієнта {clientId}, перестануть працювати, доки їм не передадуть новий секрет.',
  SECRET_COPIED: 'Секрет клієнта скопійовано в буфер обміну.',
  SECRET_COPY_FAILED: 'Не вдалося скопіювати секрет клієнта в буфер обміну. Покажіть його та скопіюйте вручну.',
  LIST_CONFLICT:
    'Тим часом хтось інший змінив ці налаштування. Зараз показано поточні значення; нічого не збережено. Повторіть спробу, якщо це ще потрібно.',
  SAML_CERT_HINT:
    'Сертифікат підпису постачальника послуг, яким перевіряються його запити на вихід. Вставте PEM (-----BEGIN CERTIFICATE-----) або base64 чи виберіть файл .cer, .crt, .pem або .der.',
  SAML_CERT_EXPIRED:
    'Термін дії цього сертифіката закінчився. HES усе ще завантажує його, але постачальник послуг, що перевіряє підписи, може його відхилити; попросіть у постачальника послуг його поточний сертифікат.',
  SAML_CERT_NOT_YET_VALID:
    'Цей сертифікат ще не дійсний. Перевірте дату на цьому комп’ютері або запитайте в постачальника послуг, яким сертифікатом він підписує зараз.',
  SAML_METADATA_INTRO:
    'Заповнює Емітента, Ствердження споживчої служби, Службу єдиного виходу та сертифікат підпису з метаданих SAML 2.0 постачальника послуг. Перевірте їх, а потім збережіть.',
  SAML_METADATA_FILLED: 'Поля заповнено з метаданих. Перевірте їх, а потім збережіть.',
  NAME_ID_UNSPECIFIED: 'Не вказано',
  NAME_ID_EMAIL: 'Електронна пошта',
  NAME_ID_X509: 'Ім’я суб’єкта X509',
  NAME_ID_WINDOWS: 'Windows',
  NAME_ID_KERBEROS: 'Kerberos',
  NAME_ID_ENTITY: 'Сутність',
  NAME_ID_PERSISTENT: 'Постійний',
  NAME_ID_TRANSIENT: 'Тимчасовий',
  NAME_ID_FIELD_EMAIL: 'Електронна пошта',
  NAME_ID_FIELD_EXTERNAL: 'Зовнішній ідентифікатор',
  LOGO_MAIN: 'Основний логотип',
  LOGO_SIDEBAR: 'Логотип бічної панелі',
  LOGO_SIDEBAR_SMALL: 'Логотип бічної панелі (згорнутої)',
  LOGO_EMAIL: 'Логотип для листів',
  LOGO_FAVICON: 'Значок сайту (favicon)',
  LOGOS_INTRO:
    'Виберіть файл або перетягніть його на місце логотипа: PNG, JPEG або WebP до 2 МБ, не більше 4096 пікселів по стороні. SVG не приймається (він може містити скрипт, а листам HES потрібне растрове зображення). Зображення масштабується під місце зі збереженням пропорцій і зберігається як PNG; попередній перегляд показує його в реальному розмірі.',
  FIDO_PLATFORM_HELP:
    'Автентифікатори платформи вбудовано в комп’ютер чи телефон користувача, наприклад Windows Hello або Touch ID. Ключ, зареєстрований так, працює лише на цьому одному пристрої.',
  FIDO_CROSS_PLATFORM_HELP:
    'Кросплатформні автентифікатори — це знімні ключі, наприклад ключ Hideez або YubiKey, які користувач носить із собою й підключає чи прикладає до будь-якого комп’ютера.',
  FIDO_DEFAULT_HELP:
    'Коли автентифікатори платформи дозволено, тип ключа за замовчуванням — це те, що реєстрація нового ключа пропонує першим; кросплатформний, якщо ви його не зміните.',
  OIDC_PUBLIC_HINT:
    'Застосунок, який не може зберігати секрет (мобільний, односторінковий), натомість входить за допомогою PKCE.',
  OIDC_URI_HINT:
    'Один абсолютний URI на рядок: https (http лише на 127.0.0.1 або localhost, будь-який порт); без фрагмента (#) і символу підстановки (*).',

  // ---------- backend error codes (the UI shows these by code outside English; English shows the backend's own message) ----------
  ERR_Validation: 'Введені дані недійсні.',
  ERR_NotFound: 'Елемент або налаштування не існує.',
  ERR_DbUnreachable: 'Не вдається підключитися до бази даних або відкрити її.',
  ERR_DbAuthFailed: 'База даних відхилила ім’я користувача або пароль.',
  ERR_TlsUntrustedCertificate: 'TLS-сертифікат сервера не є довіреним або не відповідає хосту.',
  ERR_TlsCertificateChanged: 'Сервер надав інший сертифікат, ніж той, якому ви довірили. Консоль не підключилася.',
  ERR_NotHesDatabase: 'Ця база даних не є базою даних HES; її не змінено.',
  ERR_ReadOnly: 'Це підключення лише для читання: нічого не змінено.',
  ERR_NewerHesRelease:
    'Ця база даних належить новішій версії HES, ніж відомо консолі: зміни відхиляються, доки ви не підтвердите.',
  ERR_ConcurrentChange: 'Тим часом хтось інший змінив це налаштування; нічого не записано.',
  ERR_Duplicate: 'Це значення вже використовується іншим елементом.',
  ERR_DataProtectionLocked: 'Захист даних HES увімкнено: спершу розблокуйте його паролем захисту даних.',
  ERR_DataProtectionWrongPassword: 'Неправильний пароль захисту даних.',
  ERR_DataProtectionWrongKeyId: 'Збережений секрет зашифровано ключем захисту даних, якого HES більше не має.',
  ERR_DataProtectionCorruptValue: 'Збережений секрет неможливо розшифрувати: його пошкоджено.',
  ERR_DataProtectionBroken: 'Захист даних HES у незавершеному стані: секрети неможливо читати чи записувати.',
  ERR_DataProtectionStaleKey:
    'Збережений секрет зашифровано ключем захисту даних, який HES замінив: введіть його знову або відновіть.',
  ERR_DataProtectionUnprotected:
    'Збережений секрет зберігається відкритим текстом, хоча захист даних HES увімкнено: він не використовується, доки його не захищено.',
  ERR_DataProtectionEnvelopeWhileOff:
    'Збережений секрет зашифровано, хоча захист даних HES вимкнено: його неможливо розшифрувати.',
  ERR_DataProtectionChanged:
    'Захист даних HES змінився після того, як консоль відкрила базу даних: нічого не записано, показано новий стан.',
  ERR_SecretStoredElsewhere:
    'Цей секрет зашифровано ключем, якого немає у сховищі ключів цього комп’ютера: введіть його знову.',
  ERR_CorruptSetting: 'Збережене значення має формат, який не може прочитати ні HES, ні консоль.',
  ERR_ConsoleFormatNewer:
    'Це налаштування записала новіша версія консолі: воно показується, але не змінюється й не видаляється.',
  ERR_Io: 'Не вдалося прочитати або записати локальний файл.',
  ERR_BadRequest: 'Запит недійсний.',
  ERR_Timeout: 'Операція тривала надто довго й була зупинена.',
  ERR_Cancelled: 'Скасовано.',
  ERR_Internal: 'У консолі сталася внутрішня помилка.',
  ERR_DocumentEmpty: 'Документ порожній.',
  ERR_DocumentTruncated: 'Документ обривається посередині (обрізаний файл або завантаження).',
  ERR_DocumentNotLicenses: 'Документ не містить ліцензій HES.',
  ERR_DocumentTooLarge: 'Документ завеликий для імпорту.',
  ERR_LicensingKeyRejected: 'Сервер ліцензування відхилив API ключ.',
  ERR_LicensingUnavailable: 'Сервер ліцензування недоступний або відповів помилкою.',
  ERR_PlainHttpRefused:
    'API адреса використовує звичайний http: API ключ передаватиметься незашифрованим. Підтвердьте, щоб усе одно продовжити.',
  ERR_InvalidCertificate: 'Це не сертифікат X.509 (PEM, base64 або DER).',
  ERR_SamlMetadataNotXml: 'Метадані не є коректним XML.',
  ERR_SamlMetadataNotMetadata: 'Це не метадані, або елемент дескриптора не знайдено.',
  ERR_SamlMetadataNoSpDescriptor: 'Дескриптор постачальника послуг не завантажено з метаданих.',
  ERR_SamlMetadataNoAcs: 'Метадані не містять Ствердження споживчої служби.',
  ERR_SamlMetadataNoSigningCertificate: 'Метадані не містять сертифіката підпису.',
  ERR_ImageEmpty: 'Файл порожній.',
  ERR_ImageFileTooLarge: 'Файл більший за 2 МБ.',
  ERR_ImageTypeUnsupported: 'Виберіть зображення PNG, JPEG або WebP.',
  ERR_ImageSvgRefused: 'SVG не приймається: він може містити скрипт, а листам HES потрібне растрове зображення.',
  ERR_ImageDimensionsTooLarge: 'Зображення ширше або вище за 4096 пікселів.',
  ERR_ImageMemoryLimit: 'Для декодування цього зображення потрібно більше пам’яті, ніж дозволяє консоль.',
  ERR_ImageCorrupt: 'Зображення неможливо декодувати (обрізане або пошкоджене).',
  ERR_DETAILS: 'Подробиці',
  ERR_CODE: 'Код: {code}',
  V_REQUIRED: 'Поле {label} обов’язкове.',
  V_URL: 'Поле {label} не є дійсною повноцінною URL-адресою http, https або ftp.',
  V_URL_HOST: 'Поле {label} має бути URL-адресою з іменем хоста й без пробілів, наприклад https://host.example.com.',
  V_RANGE: 'Поле {label} має бути між {min} та {max}.',
  V_EMAIL: 'Поле {label} не є дійсною адресою електронної пошти.',
  V_PORT: '{label} має бути TCP-портом від 1 до 65535.',
  V_MAX_LEN: 'Поле {label} має містити не більше {max} символів.',
  V_GUID:
    '{label} має бути GUID на кшталт 00000000-0000-0000-0000-000000000000 (скопіюйте його зі сторінки огляду застосунку в Azure).',
  V_WHOLE_DAYS: 'Поле {label} має бути цілою кількістю днів.',

  // ---------- shell: header, navigation, loading, errors, toasts ----------
  NAV_LICENSING: 'Ліцензування',
  NAV_DOMAINS: 'Домени',
  NAV_SPLUNK: 'Splunk',
  NAV_FIDO: 'Ключі безпеки',
  NAV_OIDC: 'OIDC',
  NAV_SAML: 'SAML',
  NAV_CUSTOMIZATION: 'Персоналізація',
  NAV_LABEL: 'Параметри',
  LOAD_FAILED: 'Не вдалося завантажити налаштування',
  LOADING: 'Завантаження налаштувань…',
  DISMISS: 'Закрити',
  OPENED: 'Відкрито: {name}.',
  CONNECT_FAILED: 'Не вдалося відкрити {name}; поточне підключення залишається відкритим.',
  CONNECT_FAILED_LOCAL: 'Не вдалося відкрити локальний робочий простір; поточне підключення залишається відкритим.',
  EDIT_USER_PASSWORD: 'Змінити користувача й пароль',
  EDIT_CONNECTION: 'Змінити підключення',
  PROFILES_UNREADABLE: 'Не вдалося прочитати збережені підключення: {message}',
  RELOAD_FAILED: 'Не вдалося повторно прочитати налаштування: {message}',
  HEADER_VERSION_UNKNOWN: 'Версія HES невідома',
  HEADER_DP_OFF_TITLE: 'Захист даних HES вимкнено: HES зберігає секрети відкритим текстом.',
  HEADER_DP_UNLOCKED_TITLE: 'Захист даних HES увімкнено й розблоковано для цього сеансу.',
  HEADER_DP_BROKEN_TITLE: 'Зміну пароля захисту даних у HES не завершено.',
  HEADER_DP_LOCKED_TITLE: 'Захист даних HES увімкнено; для секретних полів потрібен пароль захисту даних.',
  HEADER_DP_UNLOCK_TITLE: 'Розблокувати захист даних HES',
  HEADER_DP_UNLOCK_LABEL: 'Захист даних: заблоковано. Розблокувати…',
  HEADER_DP_LOCKED: 'Захист даних: заблоковано',
  HEADER_DP_off: 'Захист даних: вимкнено',
  HEADER_DP_unlocked: 'Захист даних: розблоковано',
  HEADER_DP_locked: 'Захист даних: заблоковано',
  HEADER_DP_broken: 'Захист даних: незавершений',
  HEADER_READONLY: 'лише читання',

  // ---------- Licensing ----------
  S_LICENSING: 'Ліцензування',
  S_LICENSING_DESC: 'Ключ автентифікації API для замовлення ліцензій та адреси сервера ліцензування.',
  LICENSING_UPDATED: 'Налаштування ліцензії оновлено.',
  LICENSING_DELETED: 'Налаштування ліцензії видалено.',
  F_API_KEY: 'API Ключ',
  F_API_ADDRESS: 'API Адреса',
  LICENSING_SET: 'Налаштувати ліцензування',
  DELETE_SETTINGS: 'Видалити налаштування',
  LICENSES: 'Ліцензії',
  LICENSING_SAVE_KEY_FIRST: 'Спершу збережіть API ключ',
  LICENSING_IMPORT_SERVER: 'Імпортувати із сервера ліцензування',
  LICENSING_IMPORT_FILE: 'Імпортувати з файлу…',
  LICENSING_DIALOG: 'Налаштування ліцензії',
  LICENSING_KEY_HINT:
    'Після збереження API ключ не відображається у відкритому вигляді. Введіть новий ключ, щоб замінити збережений.',
  LICENSING_DELETE_TITLE: 'Видалити налаштування ліцензії',
  LICENSING_DELETE_BODY: 'Підтвердьте видалення налаштувань ліцензії.',

  // ---------- Splunk ----------
  SPLUNK_UPDATED: 'Налаштування Splunk оновлено.',
  SPLUNK_DELETED: 'Налаштування Splunk видалено.',
  S_SPLUNK_DESC: 'Налаштування надсилання подій на Splunk.',
  F_HOST: 'Хост',
  F_TOKEN: 'Токен',
  SPLUNK_SET: 'Налаштувати Splunk',
  SPLUNK_DIALOG: 'Налаштування Splunk',
  SPLUNK_HOST_HINT: 'Адреса HTTP Event Collector.',
  SPLUNK_DELETE_TITLE: 'Видалити налаштування Splunk',
  SPLUNK_DELETE_BODY: 'Підтвердьте видалення налаштувань Splunk.',

  // ---------- Domains ----------
  DOMAIN_GONE: 'видалено',
  DOMAIN_THIS: 'Цей домен',
  DOMAIN_DELETED: 'Налаштування домену видалено.',
  DOMAIN_ADD_AD: 'Локальний Active Directory',
  DOMAIN_ADD_AD_DESC: 'Підключення через LDAPS з обліковим записом адміністратора AD',
  DOMAIN_ADD_AZURE_DESC: 'Підключення через застосунок Microsoft Entra',
  DOMAIN_ADD: 'Додати домен',
  DOMAIN_ADD_FIRST: 'Налаштувати домен',
  DOMAIN_ONPREM: 'Локальний',
  DOMAIN_PRIMARY_TITLE: 'Домен, з яким синхронізується HES 3.x',
  DOMAIN_PRIMARY: 'основний',
  F_USER_LOGON_NAME: "Ім'я входу користувача",
  F_PASSWORD: 'Пароль',
  DOMAIN_PASSWORD_STORED: 'Пароль збережено',
  DOMAIN_PASSWORD_NOT_SET: 'Пароль не задано',
  F_APPLICATION_ID: 'Ідентифікатор застосунку (Application ID)',
  F_TENANT_ID: 'Ідентифікатор клієнта (Tenant ID)',
  F_CLIENT_SECRET: 'Секрет клієнта',
  DOMAIN_SECRET_STORED: 'Секрет клієнта збережено',
  DOMAIN_SECRET_NOT_SET: 'Секрет клієнта не задано',
  F_AUTO_PASSWORD_CHANGE: 'Автоматична зміна пароля',
  DOMAIN_DELETE_TITLE: 'Видалити налаштування домену',

  // ---------- Domains (more) ----------
  S_DOMAINS_DESC: 'Для підключення до домену та імпорту групи та користувачів.',
  EDIT_NAMED: 'Редагувати {name}',
  DELETE_NAMED: 'Видалити {name}',
  DOMAIN_DELETE_BODY: 'Підтвердьте видалення налаштувань домену',
  DOMAIN_DELETE_AD_WARNING:
    'Зверніть увагу! Щойно ви видалите з налаштувань логін і пароль адміністратора AD, усі сценарії синхронізації з AD перестануть працювати.',
  DOMAIN_DELETE_AZURE_WARNING:
    'Зверніть увагу! Щойно ви видалите з налаштувань ідентифікатор застосунку й секрет клієнта Azure AD, усі сценарії синхронізації з Azure AD перестануть працювати.',

  // ---------- sections: headers, dialog titles, shared buttons ----------
  ANYWAY: '{action} все одно',
  ADD: 'Додати',
  CHECKING: 'Перевірка…',
  S_CUSTOMIZATION_DESC: 'У цьому розділі можна налаштувати логотипи й електронну пошту сервера.',
  EMAIL_DELETE_TITLE: 'Видалити налаштування електронної пошти',
  CUST_SERVER: 'Сервер',
  F_SERVER_NAME: 'Назва сервера',
  CUST_SERVER_NAME_HINT: 'Показується в листах і заголовках сторінок.',
  DOMAIN_AD_DIALOG: 'Налаштування домену',
  DOMAIN_AZURE_DIALOG: 'Налаштування Azure AD',
  EMAIL_DIALOG: 'Налаштування електронної пошти',
  LOGO_RESET_TITLE: 'Скинути до типового',
  LOGO_RESET: 'Скинути',
  LOGO_RESETTING: 'Скидання…',
  S_OIDC_DESC: 'Клієнти OpenID Connect (OIDC), що входять користувачів через HES.',
  OIDC_REGENERATE: 'Створити заново',
  OIDC_REGENERATING: 'Створення…',
  OIDC_DELETE_TITLE: 'Видалити клієнта OIDC',
  S_SAML_DESC: 'Налаштування постачальників послуг.',
  SAML_DELETE_TITLE: 'Видалити постачальника послуг',
  S_FIDO_DESC:
    'Якщо ввімкнено «Дозволити автентифікатори платформи», можна вибрати тип ключа безпеки, який ви реєструєте для користувача (за замовчуванням — кросплатформний).',

  // ---------- field labels HES names in its messages ----------
  F_DOMAIN_NAME: "Доменне ім'я",
  F_SMTP_HOST: 'Хост SMTP',
  F_NAME: "Ім'я",
  F_ISSUER: 'Емітент',
  F_ACS: 'Ствердження споживчої служби',
  F_CLIENT_ID: 'Ідентифікатор клієнта (Client ID)',
  F_FROM: 'Адреса відправника',

  // ---------- licenses at a glance ----------
  LIC_GLANCE: 'Ліцензії коротко',
  LIC_VAULTS: { one: '{n} пристрій', few: '{n} пристрої', many: '{n} пристроїв', other: '{n} пристрою' },
  LIC_LICENSES: { one: '{n} ліцензія', few: '{n} ліцензії', many: '{n} ліцензій', other: '{n} ліцензії' },
  LIC_AS_OF: 'станом на {date} (UTC).',
  LIC_STATUS_None: 'Немає',
  LIC_STATUS_Valid: 'Дійсна',
  LIC_STATUS_Warning: 'Попередження',
  LIC_STATUS_Critical: 'Критична',
  LIC_STATUS_Expired: 'Термін дії закінчився',
  LIC_ENDING: 'Ліцензії, що закінчуються, за місяцями',

  // ---------- license import ----------
  IMP_TITLE_SERVER: 'Імпорт ліцензій із сервера ліцензування',
  IMP_TITLE_FILE: 'Імпорт ліцензій з файлу',
  IMP_ROWS_IMPORTED:
    { one: 'Імпортовано {n} новий рядок.', few: 'Імпортовано {n} нові рядки.', many: 'Імпортовано {n} нових рядків.', other: 'Імпортовано {n} нового рядка.' },
  IMP_REPORT_SAVED: 'Звіт про відхилені записи збережено до {path}.',
  IMP_IMPORTING: 'Імпорт…',
  IMP_PREPARING: 'Підготовка попереднього перегляду…',
  IMP_PROGRESS: 'Хід виконання',
  IMP_PLAIN_HTTP:
    'API ключ є частиною адреси, яку викликає імпорт HES, тож через звичайний http його може прочитати будь-хто на мережевому шляху. Використовуйте API адресу https:// або все одно надішліть.',
  IMP_PLAIN_HTTP_SEND: 'Надіслати ключ через звичайний http',
  IMP_DONE: 'Імпортовано з {source}: {counts}.',
  IMP_STATUS_AFTER:
    'Нові пристрої мають статус ліцензії «Немає», як їх залишає власний імпорт HES. Наступне оновлення статусів HES (протягом 30 хвилин) встановить {statuses} і надішле листи адміністраторам.',
  IMP_STATUS_ON: '{status} для {n}',
  IMP_FROM: 'Джерело:',
  IMP_BYTES: { one: '{n} байт', few: '{n} байти', many: '{n} байтів', other: '{n} байта' },
  IMP_NOTHING_YET: 'Ще нічого не записано.',
  IMP_COL_TABLE: 'Таблиця',
  IMP_COL_DOC: 'У документі',
  IMP_COL_NEW: 'Нові',
  IMP_COL_PRESENT: 'Уже є (пропущено)',
  IMP_COL_REJECTED: 'Відхилено',
  IMP_EXISTING:
    { one: '{n} наявний пристрій отримує нову ліцензію; як і у власному імпорті HES, його рядок не змінюється.', few: '{n} наявні пристрої отримують нову ліцензію; як і у власному імпорті HES, їхні рядки не змінюються.', many: '{n} наявних пристроїв отримують нову ліцензію; як і у власному імпорті HES, їхні рядки не змінюються.', other: '{n} наявного пристрою отримують нову ліцензію; як і у власному імпорті HES, їхні рядки не змінюються.' },
  IMP_NEW_NONE:
    'Нові пристрої записуються зі статусом ліцензії «Немає», як їх записує власний імпорт HES. HES встановить статус під час наступного оновлення статусів (протягом 30 хвилин) і повідомить адміністраторів листом про кожну зміну.',
  IMP_EXPECTED: 'Очікуваний статус після наступного оновлення статусів HES:',
  IMP_EXPECTED_NOTE: '(це встановить HES; імпорт цього не записує)',
  IMP_HES_SKIP:
    { one: 'Власний імпорт HES пропустив би {n} із цих ліцензій.', few: 'Власний імпорт HES пропустив би {n} із цих ліцензій.', many: 'Власний імпорт HES пропустив би {n} із цих ліцензій.', other: 'Власний імпорт HES пропустив би {n} із цих ліцензій.' },
  IMP_REJECTED: 'Відхилені записи ({n})',
  IMP_LISTED: 'Показано перші {n};',
  IMP_REPORT_FIRST: 'звіт містить перші {kept}, а ще {more} лише підраховано.',
  IMP_REPORT_ALL: 'звіт містить усі.',
  IMP_SAVE_REPORT: 'Зберегти звіт (CSV)…',
  READ_ONLY_CONNECTION: 'Підключення лише для читання',
  APPLY: 'Застосувати',
  IMP_PHASE_PARSE: 'Читання документа',
  IMP_PHASE_VALIDATE: 'Перевірка кожного запису',
  IMP_PHASE_WRITE: 'Запис до бази даних',
  IMP_TABLE_ORDERS: 'Замовлення ліцензій',
  IMP_TABLE_VAULTS: 'Апаратні сховища',
  IMP_TABLE_LICENSES: 'Ліцензії',

  // ---------- OIDC ----------
  OIDC_ADD: 'Додати клієнта OIDC',
  OIDC_EMPTY: 'Клієнтів OIDC ще немає.',
  ENABLED_BADGE: 'увімкнено',
  DISABLED_BADGE: 'вимкнено',
  F_REDIRECT_URIS: 'URI перенаправлення',
  F_SCOPES: 'Області доступу (scopes)',
  OIDC_REGENERATE_SECRET: 'Створити секрет заново',
  OIDC_CLIENTS: 'Клієнти OIDC',
  OIDC_THIS: 'Цей клієнт',
  HAS_BEEN_DELETED: 'видалено',
  OIDC_DELETED: 'Клієнта OIDC видалено.',
  OIDC_SECRET_GENERATED: 'Створено новий секрет клієнта.',
  OIDC_NEW_SECRET: 'Новий секрет клієнта',
  OIDC_ADDED_TITLE: 'Клієнта OIDC додано',

  // ---------- OIDC (more) ----------
  OIDC_SECRET_OF: 'секрет клієнта {name}',
  DISABLE_NAMED: 'Вимкнути {name}',
  ENABLE_NAMED: 'Увімкнути {name}',
  DISABLE: 'Вимкнути',
  ENABLE: 'Увімкнути',
  OIDC_REGENERATE_NAMED: 'Створити секрет заново: {name}',
  OIDC_ENABLED: 'Клієнта OIDC {name} увімкнено.',
  OIDC_DISABLED: 'Клієнта OIDC {name} вимкнено.',
  OIDC_REGENERATE_BODY: 'Новий секрет клієнта замінить поточний секрет клієнта',

  // ---------- OIDC dialog ----------
  F_ENABLED: 'Увімкнено',
  F_POST_LOGOUT_URIS: 'URI перенаправлення після виходу',
  OIDC_ADDED: 'Клієнта OIDC додано.',
  OIDC_UPDATED: 'Клієнта OIDC оновлено.',
  OIDC_ADD_TITLE: 'Додати клієнта OIDC',
  OIDC_EDIT_TITLE: 'Редагувати клієнта OIDC',
  OIDC_PUBLIC_NONE: 'Публічний клієнт (PKCE) його не має.',

  // ---------- OIDC dialog (more) ----------
  OIDC_CONFIGURED: 'налаштовано: {n}',
  DONE: 'Готово',
  HIDDEN: 'приховано',
  SCOPE_NOT_OFFERED: 'не пропонується',
  SCOPE_OPENID_REQUIRED: 'Потрібна область openid.',

  // ---------- secrets, OIDC scopes ----------
  SHOW_NAMED: 'Показати: {name}',
  HIDE_NAMED: 'Приховати: {name}',
  SECRET_WILL_BE_REMOVED: 'Збережене значення «{name}» буде видалено під час збереження.',
  SHOW_TYPING_NAMED: 'Показати {name} під час введення',
  HIDE_TYPING_NAMED: 'Приховати {name} під час введення',
  SHOW_TYPING: 'Показувати те, що ви вводите',
  HIDE_TYPING: 'Приховувати те, що ви вводите',
  YES_LOWER: 'так',
  NO_LOWER: 'ні',
  SCOPE_OPENID: 'вхід (обов’язково)',
  SCOPE_PROFILE: 'ім’я та профіль',
  SCOPE_EMAIL: 'адреса електронної пошти',
  SCOPE_ADDRESS: 'поштова адреса',
  SCOPE_PHONE: 'номер телефону',
  SCOPE_OFFLINE: 'маркери оновлення (refresh tokens)',

  // ---------- certificates, secrets, checks ----------
  REMOVE_SECRET: 'Видалити секрет',
  CERT_AD_ADVICE:
    'Перш ніж довіряти, порівняйте SHA-256 з тим, що показує ваш контролер домену (certlm.msc › Особисті › Сертифікати). Буде прийнято лише саме цей сертифікат.',
  CERT_TRUSTED: 'Довірений',
  CERT_PINNED: 'Довірений за відбитком на цьому комп’ютері',
  CERT_NOT_TRUSTED: 'Не довірений',
  CERT_SERVER: 'Сертифікат сервера',
  CERT: 'Сертифікат',
  CERT_SUBJECT: 'Суб’єкт',
  CERT_ISSUER: 'Видавець',
  CERT_VALID: 'Дійсний',
  CERT_NAMES: 'Імена',
  CERT_TRUST: 'Довіряти цьому сертифікату',
  CERT_EXPIRED: 'термін дії закінчився',
  CERT_NOT_YET: 'ще не дійсний',
  CERT_VALID_BADGE: 'дійсний',
  CHECK_STEPS: 'Кроки',

  // ---------- check report codes (Diagnostics and the dialogs' Test): a line under the outcome outside English ----------
  CHK_Timeout: 'Перевірка тривала надто довго й була зупинена.',
  CHK_Cancelled: 'Перевірку скасовано.',
  CHK_InvalidTarget: 'Адреса недійсна.',
  CHK_PlainHttp: 'Адреса використовує звичайний http: секрет передається незашифрованим.',
  CHK_DnsFailed: 'Не вдалося визначити ім’я хоста (DNS).',
  CHK_Unreachable: 'Сервер недоступний.',
  CHK_TlsUntrustedCertificate: 'Сертифікат сервера не є довіреним.',
  CHK_TlsFailed: 'Не вдалося встановити TLS-з’єднання.',
  CHK_HttpFailed: 'Сервер відповів помилкою HTTP.',
  CHK_UnexpectedAnswer: 'Сервер дав неочікувану відповідь.',
  CHK_HecTokenDisabled: 'Splunk: токен HEC вимкнено.',
  CHK_HecInvalidToken: 'Splunk: токен HEC недійсний.',
  CHK_HecIncorrectIndex: 'Splunk: токену не дозволено писати в цей індекс.',
  CHK_HecAckRequiresChannel: 'Splunk: для цього токена ввімкнено підтвердження індексатора; HES не надсилає канал.',
  CHK_HecBusy: 'Splunk: сервер зайнятий.',
  CHK_HecUnhealthy: 'Splunk: HTTP Event Collector несправний.',
  CHK_HecRejected: 'Splunk відхилив тестову подію.',
  CHK_LicensingKeyRejected: 'Сервер ліцензування відхилив API ключ.',
  CHK_LicensingBadResponse: 'Не вдалося прочитати відповідь сервера ліцензування.',
  CHK_AadInvalidClientSecret: 'Azure AD: неправильний секрет клієнта.',
  CHK_AadClientSecretExpired: 'Azure AD: термін дії секрету клієнта закінчився.',
  CHK_AadAppNotInTenant: 'Azure AD: застосунку немає в цьому клієнті (tenant).',
  CHK_AadTenantNotFound: 'Azure AD: клієнта (tenant) не існує.',
  CHK_AadError: 'Azure AD відхилив вхід.',
  CHK_AadPermissionMissing: 'Azure AD: застосунку бракує дозволу Directory.Read.All (зі згодою адміністратора).',
  CHK_GraphError: 'Microsoft Graph відповів помилкою.',
  CHK_AadGroupsMissing: 'Azure AD: групи Hideez не знайдено.',
  CHK_DbPlainConnection: 'Підключення до бази даних без TLS.',
  CHK_DbBroadGrants: 'Користувач бази даних має більше привілеїв, ніж потрібно консолі.',
  CHK_SmtpGreetingRejected: 'SMTP-сервер відхилив з’єднання.',
  CHK_SmtpHelloRejected: 'SMTP-сервер відхилив привітання (EHLO).',
  CHK_SmtpStartTlsNotOffered: 'SMTP-сервер не пропонує STARTTLS.',
  CHK_SmtpPasswordUnencrypted: 'Безпека «Немає»: пароль SMTP передається незашифрованим.',
  CHK_SmtpAuthNotOffered: 'SMTP-сервер не пропонує входу.',
  CHK_SmtpAuthMechanismUnsupported: 'SMTP-сервер не пропонує жодного способу входу, який підтримує консоль.',
  CHK_SmtpAuthFailed: 'SMTP-сервер відхилив ім’я користувача або пароль.',
  CHK_SmtpAuthRequired: 'SMTP-сервер вимагає входу: вкажіть ім’я користувача.',
  CHK_SmtpSenderRejected: 'SMTP-сервер відхилив адресу відправника.',
  CHK_SmtpRecipientRejected: 'SMTP-сервер відхилив одержувача.',
  CHK_SmtpMessageRejected: 'SMTP-сервер відхилив повідомлення.',
  CHK_SmtpConnectionLost: 'SMTP-сервер закрив з’єднання.',
  CHK_LdapInvalidCredentials: 'Active Directory: неправильне ім’я користувача або пароль.',
  CHK_AdUnknownUser: 'Active Directory: користувача не існує.',
  CHK_AdLogonHoursRestricted: 'Active Directory: вхід у цей час заборонено.',
  CHK_AdWorkstationRestricted: 'Active Directory: вхід із цього комп’ютера заборонено.',
  CHK_AdPasswordExpired: 'Active Directory: термін дії пароля закінчився.',
  CHK_AdAccountDisabled: 'Active Directory: обліковий запис вимкнено.',
  CHK_AdAccountExpired: 'Active Directory: термін дії облікового запису закінчився.',
  CHK_AdMustChangePassword: 'Active Directory: користувач має спершу змінити пароль.',
  CHK_AdAccountLocked: 'Active Directory: обліковий запис заблоковано.',
  CHK_LdapBindFailed: 'Active Directory відхилив вхід.',
  CHK_AdNetbiosNameMismatch: 'NetBIOS-ім’я домену відрізняється від його першої DNS-мітки, тому HES не може ввійти.',
  CHK_LdapStrongerAuthRequired: 'Сервер відхиляє вхід без TLS.',
  CHK_LdapStartTlsFailed: 'Сервер відхилив StartTLS.',
  CHK_AdNotAsHes: 'Перевірка підключилася не так, як HES (LDAPS на порту 636).',
  CHK_AdBaseDnNotFound: 'Базового DN, отриманого з імені домену, на цьому сервері немає.',
  CHK_AdGroupsMissing: 'Групи Hideez не знайдено в Active Directory.',
  CHK_LdapSearchFailed: 'Пошук в Active Directory не вдався.',

  // ---------- SAML ----------
  SAML_SPS: 'Постачальники послуг',
  SAML_ADD: 'Додати постачальника послуг',
  SAML_EMPTY: 'Постачальників послуг ще немає.',
  F_SLO: 'Служба єдиного виходу',
  F_NAME_ID_FORMAT: 'Формат ідентифікатора імені',
  F_NAME_ID_FIELD: 'Поле ідентифікатора імені',
  F_X509: 'Публічний сертифікат x509',
  SAML_DELETE_BODY: 'Підтвердьте видалення постачальника послуг.',
  SAML_THIS: 'Цей постачальник послуг',
  SAML_REMOVED: 'Постачальника послуг видалено.',

  // ---------- SAML dialog ----------
  SAML_SPS_LOWER: 'Постачальники послуг',
  SAML_ADDED: 'Додано постачальника послуг.',
  SAML_UPDATED: 'Постачальника послуг оновлено.',
  SAML_ADD_TITLE: 'Додати постачальника послуг',
  SAML_EDIT_TITLE: 'Редагувати постачальника послуг',

  // ---------- SAML metadata ----------
  SAML_IMPORT_META: 'Імпорт із метаданих SP',
  CHOOSE_FILE: 'Вибрати файл…',
  SAML_PASTE_XML: 'Вставити XML',
  SAML_META_XML: 'XML метаданих',

  // ---------- more ----------
  DEFAULT_SUFFIX: '{label} (за замовчуванням)',

  // ---------- more ----------
  SET: 'задано',

  // ---------- facts ----------
  DAYS: { one: '{n} день', few: '{n} дні', many: '{n} днів', other: '{n} дня' },
  SMTP_NONE: 'Немає',
  F_SECURITY: 'Безпека',
  F_USER_NAME: "Ім'я користувача",
  F_FROM_SHORT: 'Від',

  // ---------- Customization ----------
  UNENCRYPTED: 'без шифрування',
  EMAIL_SET: 'Налаштувати електронну пошту',
  EMAIL_DELETE_BODY: 'Підтвердьте видалення налаштувань електронної пошти.',
  F_SMTP_PASSWORD: 'Пароль SMTP',
  CUST_UPDATED: 'Налаштування персоналізації оновлено.',
  EMAIL_DELETED: 'Налаштування електронної пошти видалено.',

  // ---------- E-mail dialog ----------
  EMAIL_NO_TLS: 'Без TLS пароль SMTP і кожен лист передаються мережею незашифрованими.',
  F_PORT: 'Порт',
  REMOVE_PASSWORD: 'Видалити пароль',
  F_FROM_NAME: 'Ім’я відправника',
  F_TEST_TO: 'Надіслати тестовий лист на',
  EMAIL_TEST_HINT:
    'Необов’язково. «Перевірити» надсилає сюди один лист із наведеними вище налаштуваннями; нічого не зберігається.',
  SMTP_STARTTLS: 'STARTTLS (явний TLS)',
  SMTP_TLS: 'TLS (неявний, порт 465)',
  SMTP_NONE_LONG: 'Немає (без шифрування)',
  EMAIL_PORT_REQUIRED: 'Поле Порт обов’язкове.',
  EMAIL_PORT_RANGE: 'Порт має бути TCP-портом від 1 до 65535.',
  EMAIL_UPDATED: 'Налаштування електронної пошти оновлено.',
  EMAIL_SEND_TEST: 'Надіслати тестовий лист',

  // ---------- logos ----------
  LOGO_UPDATED: '{label}: оновлено.',
  LOGO_TOO_LARGE: 'Файл має {mb} МБ; логотип може бути не більше 2 МБ.',
  LOGO_RESET_DONE: '{label}: скинуто до типового.',
  LOGO_CUSTOM: 'власний',
  LOGO_DEFAULT: 'типовий HES',
  PROCESSING: 'Обробка…',
  LOGO_FOR: 'для: {label}',
  LOGO_ON_LIGHT: '{label} на світлому тлі',
  LOGO_ON_DARK: '{label} на темному тлі',
  LOGO_DEFAULT_ON_LIGHT: '{label}: типовий HES, на світлому тлі',
  LOGO_DEFAULT_ON_DARK: '{label}: типовий HES, на темному тлі',
  LOGO_LIGHT: 'Світле тло',
  LOGO_DARK: 'Темне тло',
  LOGO_RESET_BODY_1: 'Логотип',
  LOGO_RESET_BODY_2: 'повертається до типового логотипа HES; власне зображення видаляється з налаштувань.',
  LOGOS: 'Логотипи',

  // ---------- Security keys ----------
  FIDO_ALLOW: 'Дозволити автентифікатори платформи',
  FIDO_ALLOW_HINT: 'Вбудовані автентифікатори, як-от Windows Hello або Touch ID, можна реєструвати як ключі безпеки.',
  FIDO_DEFAULT_TYPE: 'Тип ключа за замовчуванням',
  FIDO_CROSS_OPTION: 'Кросплатформний: знімний ключ (ключ Hideez, YubiKey)',
  FIDO_PLATFORM_OPTION: 'Платформний: вбудований у комп’ютер (Windows Hello, Touch ID)',
  FIDO_ALLOW_FIRST: 'Дозвольте автентифікатори платформи, щоб зробити їх типовими.',
  FIDO_MEANING: 'Що це означає для користувачів, які реєструють ключі',
  FIDO_CROSS_DEFAULT: 'Кросплатформний (за замовчуванням)',
  FIDO_PLATFORM: 'Платформний',
  FIDO_UPDATED: 'Налаштування ключів безпеки оновлено.',
  F_ALLOW_PLATFORM: 'Дозволити автентифікатори платформи',

  // ---------- connection switcher, findings ----------
  DP_UNLOCK_THEN_PROTECT: 'Розблокувати, а тоді захистити',
  CONN_LABEL: 'Підключення:',
  CONNECTIONS: 'Підключення',
  CONN_LOCAL_DESC: 'Файл налаштувань на цьому комп’ютері',
  CONN_COPY: 'Копіювати налаштування…',
  CONN_COPY_DESC: 'Між двома підключеннями, з попереднім переглядом',
  CONN_MANAGE: 'Керувати підключеннями…',

  // ---------- Unlock ----------
  STOP: 'Зупинити',
  DP_REMEMBER: 'Запам’ятати в системному сховищі ключів',
  DP_REMEMBER_HINT: 'Тоді це підключення розблоковуватиметься саме під час відкриття.',
  DP_UNLOCK_TITLE: 'Розблокувати захист даних',
  DP_UNLOCK_BUTTON: 'Розблокувати',
  F_DP_PASSWORD: 'Пароль захисту даних',
  DP_UNLOCKED_REMEMBERED: 'Захист даних розблоковано. Пароль збережено в системному сховищі ключів.',
  DP_UNLOCKED: 'Захист даних розблоковано.',
  DP_UNLOCK_STOPPED: 'Розблокування зупинено. Захист даних залишається заблокованим.',

  // ---------- Recover ----------
  DP_RECOVER_TITLE: 'Відновлення секретів старим паролем захисту даних',
  DP_RECOVER_BUTTON: 'Відновити',
  F_DP_OLD_PASSWORD: 'Старий пароль захисту даних',

  // ---------- Newer HES release ----------
  NEWER_UNKNOWN:
    'Невідомо, що змінила ця версія. Консоль записує формати HES 3.8.4; чи читає їх ця версія так само — невідомо.',
  NEWER_TITLE: 'Записати до новішої версії HES?',
  SAVE_ANYWAY: 'Все одно зберегти',
  NEWER_TARGET: 'Цільова база даних',
  NEWER_THIS: 'Ця база даних',
  NEWER_HOLDS_COPY: 'Ваша відповідь діє для цього копіювання.',
  NEWER_HOLDS_CONN: 'Ваша відповідь діє для цього підключення, доки ви його не закриєте або не перемкнетеся на інше.',

  // ---------- newer HES release ----------
  NEWER_KNOWN_TARGET:
    'Цільова база даних належить версії HES, новішій за 3.8.4 — найновішу версію, відому консолі. Її найновіша міграція:',
  NEWER_KNOWN_THIS:
    'Ця база даних належить версії HES, новішій за 3.8.4 — найновішу версію, відому консолі. Її найновіша міграція:',
  NEWER_LOGGED: 'Її записано в журнал консолі разом зі зміною.',

  // ---------- Domain AD dialog ----------
  AD_ENTER_CREDENTIALS: 'Введіть свої дані.',
  AD_CREDENTIALS_DESC: 'Ці облікові дані будуть використані для підключення до Active Directory через LDAPS.',
  AD_STARTTLS: 'Перевірити зі StartTLS на порту 389 (сам HES підключається через LDAPS на 636)',
  AD_SAVE_ANYWAY_HINT:
    'HES підключається так само: з цими значеннями він не зможе читати каталог. Виправте позначене вище поле або все одно збережіть, якщо цей комп’ютер не має доступу до контролера домену, а сервер HES має.',
  AD_DOMAIN_HINT: 'Ваш домен Active Directory. Він потрібен для імпорту користувачів із раніше створених груп в AD.',
  AD_USER_HINT:
    'Логін адміністратора AD з правами отримувати користувачів і групи з AD та змінювати паролі користувачів.',
  AD_SECRET_HINT: 'Після збереження даних параметри входу не відображаються в налаштуваннях.',
  F_AUTO_PASSWORD_CHANGE_DAYS: 'Автоматична зміна пароля (днів)',
  AD_DAYS_HINT:
    '1–180. Кількість днів, після якої змінюється пароль облікових записів із групи Security Key Auto Password Change.',
  CHECK_FAILED: 'Перевірка не вдалася.',
  DOMAIN_UPDATED: 'Налаштування домену оновлено.',

  // ---------- Domain Azure dialog ----------
  AZ_SETUP: 'Спершу налаштуйте застосунок Azure AD',
  AZ_STEP_ADD: 'Додайте новий застосунок.',
  AZ_APP_HINT: 'Ідентифікатор застосунку (клієнта) Azure AD.',
  AZ_TENANT_HINT: 'Ідентифікатор каталогу (клієнта, tenant) Azure AD.',

  // ---------- Azure AD setup steps (the portal's own names stay as Azure shows them) ----------
  AZ_GO_TO: 'Перейдіть до',
  AZ_COPY: 'В огляді застосунку скопіюйте',
  AND: 'і',
  AZ_IN_APP_GO_TO: 'У застосунку перейдіть до',
  AZ_ADD_SECRET: ', потім додайте й скопіюйте секрет клієнта.',
  AZ_CLICK: 'Натисніть',
  AZ_THEN_SELECT: ', потім виберіть',

  // ---------- domains empty ----------
  DOMAINS_EMPTY_HINT:
    'Ці параметри потрібно вказати, якщо ви використовуватимете сценарії HES для роботи з AD: імпорт і синхронізацію користувачів з Active Directory, зі зміною доменного пароля або без неї.',

  // ---------- Connections dialog ----------
  CONN_INTRO:
    'Бази даних HES, які може відкрити ця консоль. Паролі зберігаються в системному сховищі ключів, інші налаштування — у файлі на цьому комп’ютері.',
  CONN_ADD: 'Додати підключення',
  CONN_EMPTY: 'Збережених підключень ще немає.',
  CONN_EMPTY_HINT:
    'Додайте підключення, щоб відкрити базу даних HES (MySQL або MariaDB) замість локального робочого простору.',
  CONN_OPEN_NOW: 'відкрито',
  CONN_PW_STORED: 'пароль збережено',
  CONN_PW_NONE: 'пароль не збережено',
  CONN_DP_STORED: 'пароль захисту даних збережено',
  CONN_DELETE_BODY: 'Підтвердьте видалення підключення',
  CONN_DELETE_WARN:
    'Його профіль і збережені для нього паролі в системному сховищі ключів буде видалено з цього комп’ютера. Сама база даних HES не змінюється.',
  CONN_SAVED: 'Збережені підключення',
  CONN_DELETE_TITLE: 'Видалити підключення',

  // ---------- connections (more) ----------
  OPEN_NAMED: 'Відкрити {name}',
  TEST_NAMED: 'Перевірити {name}',
  CONN_DELETED: 'Підключення {name} видалено.',

  // ---------- connections (more) ----------
  TESTING: 'Перевірка…',

  // ---------- Connection form ----------
  F_DATABASE: 'База даних',
  F_USER: 'Користувач',
  CONN_USER_HINT: 'Користувач без прав на запис відкриває базу лише для читання.',
  CONN_REMOVE_PW: 'Видалити збережений пароль',
  CONN_PW_HINT: 'Зберігається в системному сховищі ключів, ніколи — у файлі профілю.',
  F_TLS_MODE: 'Режим TLS',
  F_CA_FILE: 'Файл ЦС',
  CONN_CA_HINT:
    'Шлях до PEM-файлу центру сертифікації, що підписав сертифікат сервера; якщо порожньо, використовуються довірені ЦС системи. Вибір файлу з’явиться в наступній версії.',
  F_TIMEOUT: 'Тайм-аут (мс)',
  CONN_TIMEOUT_HINT: 'Скільки чекати на сервер: від 500 до 120 000 мс.',
  CONN_TIMEOUT_REQUIRED: 'Поле Тайм-аут обов’язкове.',
  CONN_TIMEOUT_WHOLE: 'Тайм-аут — це ціла кількість мілісекунд.',
  CONN_TEST: 'Перевірити підключення',

  // ---------- connection form (more) ----------
  CONN_ADDED: 'Підключення {name} додано.',
  CONN_SAVED_TOAST: 'Підключення {name} збережено.',
  CONN_CERT_TRUSTED: 'Сертифікат для {target} тепер довірений на цьому комп’ютері.',
  CONN_EDIT_TITLE: 'Редагувати підключення {name}',

  // ---------- connection test result ----------
  DP_ON: 'увімкнено',
  DP_OFF: 'вимкнено',
  DP_BROKEN_SHORT: 'незавершений (зміну пароля в HES не завершено)',
  UNKNOWN: 'невідомо',
  DP_STATE_LINE: 'Захист даних: {state}',
  READ_WRITE: 'читання й запис',
  OR_TRUST_BELOW: 'Або довіртеся саме сертифікату нижче.',
  CONNECTED: 'Підключено:',
  FAILED: 'Помилка:',
  CONN_FAILED: 'Не вдалося підключитися.',

  // ---------- copy settings between connections (more) ----------
  PREVIEWING: 'Перегляд…',
  PREVIEW_AGAIN: 'Переглянути знову',
  PREVIEW: 'Переглянути',
  COPY_TO: 'Копіювати до {target}',
  FROM: 'Звідки',
  TO: 'Куди',
  SECTIONS: 'Розділи',
  STAGE_NOTHING: 'нічого копіювати, ціль уже збігається.',
  STAGE_CHANGES:
    { one: 'змінюється {n} з {total} розділів.', few: 'змінюються {n} з {total} розділів.', many: 'змінюються {n} з {total} розділів.', other: 'змінюються {n} з {total} розділів.' },
  STAGE_CHANGED_FIELDS: '{section}: змінені поля',
  FIELD: 'Поле',
  STAGE_NOW: '{target} зараз',
  STAGE_AFTER: 'Після копіювання',
  STAGE_CONFIRM_TITLE: 'Копіювати налаштування до {target}',
  COPYING: 'Копіювання…',
  STAGE_CONFIRM:
    { one: 'Підтвердьте копіювання {n} розділу:', few: 'Підтвердьте копіювання {n} розділів:', many: 'Підтвердьте копіювання {n} розділів:', other: 'Підтвердьте копіювання {n} розділу:' },
  STAGE_REMOVED_FROM: 'Буде видалено з {target}:',
  STAGE_NOT_SET_IN: 'не задано в {source}',

  // ---------- switcher ----------
  OPENING: 'Відкриття: {name}…',
};
