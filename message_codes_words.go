package sendook

import "strings"

// The words Codes weighs, lower-cased. A keyword's weight says how surely it
// announces a one-time code: 3 names one ("verification code", "OTP",
// "验证码"), 2 is a word for code or PIN, 1 a word that only goes with one
// (sign in, confirm). Labels announce something that is not a code (an order
// number, a phone number, a price); promo words make a "code" a discount.

// codeKeywords3 name a one-time code.
var codeKeywords3 = []string{
	"verification code", "verify code", "confirmation code", "security code",
	"one-time code", "one time code", "onetime code", "one-time password",
	"one time password", "one-time passcode", "one time passcode", "one-time pin",
	"otp", "passcode", "pass code", "2fa code", "mfa code", "authentication code",
	"auth code", "login code", "log-in code", "log in code", "sign-in code",
	"sign in code", "signin code", "access code", "activation code",
	"validation code", "sms code", "pin code", "verification pin", "security pin",
	// fr
	"code de vérification", "code de verification", "code de confirmation",
	"code de sécurité", "code de securite", "code d'accès", "code d’accès",
	"code à usage unique", "mot de passe à usage unique", "code de connexion",
	"code d'authentification", "code d’authentification", "code d'activation",
	"code d’activation", "code de validation",
	// de
	"bestätigungscode", "verifizierungscode", "verifikationscode",
	"sicherheitscode", "einmalcode", "einmal-code", "einmalpasswort",
	"einmalkennwort", "anmeldecode", "login-code", "authentifizierungscode",
	"zugangscode", "aktivierungscode", "prüfcode", "tan", "pin-code",
	// es
	"código de verificación", "codigo de verificacion", "código de confirmación",
	"codigo de confirmacion", "código de seguridad", "codigo de seguridad",
	"código de acceso", "código de un solo uso", "código de inicio de sesión",
	"código de activación", "contraseña de un solo uso", "clave de un solo uso",
	// it
	"codice di verifica", "codice di conferma", "codice di sicurezza",
	"codice di accesso", "codice monouso", "codice otp", "codice di attivazione",
	"password monouso", "codice di autenticazione", "codice temporaneo",
	// pt
	"código de verificação", "codigo de verificacao", "código de confirmação",
	"código de segurança", "código de acesso", "código de ativação",
	"código de uso único", "senha de uso único", "código de autenticação",
	// nl
	"verificatiecode", "bevestigingscode", "beveiligingscode", "inlogcode",
	"toegangscode", "eenmalige code", "activeringscode", "authenticatiecode",
	// sv, da, no, fi
	"verifieringskod", "bekräftelsekod", "säkerhetskod", "engångskod",
	"inloggningskod", "engångslösenord", "aktiveringskod", "verifikationskod",
	"bekræftelseskode", "sikkerhedskode", "engangskode", "verifikasjonskode",
	"bekreftelseskode", "sikkerhetskode", "verifikationskode",
	"vahvistuskoodi", "turvakoodi", "kertakäyttökoodi", "varmennuskoodi",
	// pl, cs
	"kod weryfikacyjny", "kod potwierdzający", "kod potwierdzenia",
	"kod bezpieczeństwa", "kod jednorazowy", "kod dostępu", "kod logowania",
	"kod aktywacyjny", "hasło jednorazowe", "kod sms",
	"ověřovací kód", "bezpečnostní kód", "jednorázový kód", "potvrzovací kód",
	// ja
	"認証コード", "確認コード", "検証コード", "セキュリティコード",
	"ワンタイムパスワード", "ワンタイムコード", "認証番号", "暗証番号",
	"ログインコード", "パスコード", "確認番号", "ワンタイム",
	// zh
	"验证码", "驗證碼", "校验码", "校驗碼", "动态码", "動態碼", "确认码",
	"確認碼", "安全码", "安全碼", "一次性密码", "一次性密碼", "动态密码",
	"動態密碼", "登录码", "登入碼", "认证码", "認證碼", "激活码", "校验碼",
	// ko
	"인증번호", "인증 번호", "인증코드", "인증 코드", "확인 코드", "확인코드",
	"보안 코드", "보안코드", "일회용 비밀번호", "일회용 코드",
}

// codeKeywords2 are the words for code, PIN and verification.
var codeKeywords2 = []string{
	"code", "pin", "verification", "verify", "one-time", "one time", "2fa",
	"two-factor", "2-step", "two-step", "mfa", "security", "vérification",
	"verification", "vérifier", "mot de passe", "bestätigung", "pin",
	"verifizierung", "código", "codigo", "clave", "verificación", "verificação",
	"senha", "codice", "verifica", "verificatie", "pincode", "kod", "kode",
	"pinkod", "pinkode", "verifiering", "koodi", "tunnusluku", "weryfikacja",
	"kód", "cod", "doğrulama", "コード", "パスワード", "認証", "码", "碼",
	"密码", "密碼", "验证", "驗證", "口令", "코드", "비밀번호",
	// a code named by its article: "your code", "le code", "Ihr Code", …
	"your code", "the code", "this code", "following code", "votre code",
	"ce code", "le code", "ihr code", "dein code", "der code", "diesen code",
	"tu código", "su código", "el código", "il tuo codice", "il codice",
	"seu código", "o código", "je code", "uw code", "de code", "din kod",
	"twój kod",
}

// codeKeywords1 go with a code without naming one.
var codeKeywords1 = []string{
	"sign in", "sign-in", "signin", "log in", "log-in", "login", "confirm",
	"confirmation", "authenticate", "authentication", "password", "enter",
	"connexion", "confirmer", "se connecter", "valider", "saisir", "anmelden",
	"anmeldung", "bestätigen", "einloggen", "verifizieren", "passwort",
	"eingeben", "iniciar sesión", "confirmar", "verificar", "acceder",
	"introduce", "ingresa", "accedi", "accesso", "confermare", "conferma",
	"verificare", "inserisci", "entrar", "acessar", "digite", "inloggen",
	"aanmelden", "bevestigen", "verifiëren", "invoeren", "logga in", "bekräfta",
	"verifiera", "inloggning", "ange", "zaloguj", "logowania", "potwierdź",
	"zweryfikuj", "wpisz", "ログイン", "確認", "サインイン", "入力", "登录",
	"登入", "登錄", "确认", "输入", "輸入",
}

// codeLabels announce a number that is not a code.
var codeLabels = []string{
	"order", "invoice", "tracking", "track", "reference", "ref", "ticket",
	"case", "booking", "reservation", "confirmation number", "receipt",
	"transaction", "account", "acct", "card", "customer", "member",
	"membership", "policy", "meeting", "webinar", "conference", "id", "no",
	"nr", "nº", "n°", "number", "phone", "tel", "telephone", "fax", "mobile",
	"call", "whatsapp", "zip", "postal", "postcode", "post code", "zip code",
	"ending", "ends in", "last 4", "last four", "suite", "apt", "unit", "room",
	"flight", "gate", "seat", "item", "sku", "model", "serial", "version",
	"build", "step", "page", "part", "qty", "quantity", "total", "amount",
	"price", "subtotal", "balance", "paid", "due", "iban", "bic", "swift",
	"routing", "sort code", "vat", "tax", "license", "licence", "parcel",
	"package", "shipment", "consignment", "awb", "claim", "patient",
	"employee", "student", "box", "visa", "mastercard", "amex", "maestro",
	"american express", "discover card", "po box", "p.o. box", "extension", "ext",
	"area code", "country code", "qr code", "bar code", "barcode",
	"source code", "error code", "status code", "product code", "tracking code",
	"booking code", "order code", "reference code", "postal code", "zipcode",
	"promo code", "promotional code", "coupon code", "discount code",
	"voucher code", "gift code", "gift card", "referral code", "invite code",
	"invitation code", "offer code", "sale code", "dress code",
	// fr
	"commande", "facture", "suivi", "référence", "réf", "billet", "réservation",
	"numéro", "compte", "carte", "client", "téléphone", "tél", "appel",
	"code postal", "code promo", "code de réduction", "code réduction",
	"se terminant par", "terminant par", "montant", "prix", "colis", "dossier",
	// de
	"bestellung", "bestellnummer", "auftrag", "auftragsnummer", "rechnung",
	"rechnungsnummer", "sendung", "sendungsnummer", "sendungsverfolgung",
	"referenz", "buchung", "buchungsnummer", "kundennummer", "konto",
	"kontonummer", "karte", "telefon", "rufnummer", "plz", "postleitzahl",
	"gutscheincode", "gutschein", "rabattcode", "aktionscode", "endet auf",
	"endend auf", "endziffern", "betrag", "preis", "summe", "nummer",
	"vorgangsnummer", "meeting-id", "besprechungs-id", "paket",
	// es
	"pedido", "factura", "seguimiento", "referencia", "billete", "reserva",
	"número", "numero", "núm", "cuenta", "tarjeta", "cliente", "teléfono",
	"telefono", "código postal", "codigo postal", "cupón", "código promocional",
	"código de descuento", "terminada en", "termina en", "importe", "precio",
	// it
	"ordine", "fattura", "spedizione", "tracciamento", "riferimento",
	"biglietto", "prenotazione", "conto", "carta", "cap", "codice postale",
	"codice sconto", "codice promozionale", "codice coupon", "che termina con",
	"terminante in", "importo", "prezzo", "totale", "pacco", "codice fiscale",
	// pt
	"encomenda", "fatura", "rastreamento", "rastreio", "referência", "bilhete",
	"cartão", "telefone", "cep", "cupom", "cupão", "código de desconto",
	"terminado em", "valor", "preço",
	// nl
	"bestelling", "bestelnummer", "factuur", "factuurnummer", "zending",
	"referentie", "kenmerk", "boeking", "reservering", "rekening",
	"rekeningnummer", "kaart", "klant", "klantnummer", "telefoon",
	"kortingscode", "actiecode", "kortingsbon", "eindigend op", "bedrag",
	"prijs", "totaal", "pakket",
	// sv, da, no
	"beställning", "ordernummer", "faktura", "fakturanummer", "spårning",
	"sändningsnummer", "referens", "biljett", "bokning", "bokningsnummer",
	"kontonummer", "kort", "kund", "kundnummer", "postnummer", "rabattkod",
	"rabattkode", "kupong", "slutar på", "belopp", "pris", "summa", "bestilling",
	"ordrenummer", "kundenummer", "postnr",
	// pl
	"zamówienie", "zamówienia", "faktury", "przesyłka", "przesyłki", "numer",
	"referencja", "bilet", "rezerwacja", "karta", "karty", "klient",
	"kod pocztowy", "kod rabatowy", "kupon", "kończąca się na", "kwota", "cena",
	// ja
	"注文", "請求書", "追跡", "問い合わせ番号", "予約", "会員番号", "口座",
	"カード", "電話", "郵便番号", "〒", "クーポン", "末尾", "金額", "価格",
	"合計", "会議", "お届け", "伝票",
	// zh
	"订单", "訂單", "发票", "發票", "快递", "快遞", "运单", "運單", "物流",
	"单号", "單號", "预订", "預訂", "编号", "編號", "号码", "號碼", "账号",
	"帳號", "账户", "帳戶", "尾号", "尾號", "电话", "邮编", "郵編",
	"邮政编码", "优惠码", "優惠碼", "优惠券", "優惠券", "金额", "價格", "价格",
	"合计", "会议号", "會議號", "会议", "會議",
}

// promoWords make the code of their sentence a discount, not a one-time code.
var promoWords = []string{
	"% off", "%off", "off your", "off all", "off everything", "off on", "discount",
	"promo", "coupon", "voucher", "sale", "save ", "savings", "checkout",
	"free shipping", "réduction", "remise", "soldes", "rabatt", "gutschein",
	"descuento", "rebajas", "sconto", "saldi", "desconto", "korting", "rea ",
	"zniżka", "rabat", "promocja", "割引", "セール", "优惠", "優惠", "折扣",
}

// Street words around a number that is a street number, and units after a
// number that is a quantity.
var (
	streetWords = []string{"street", "st", "avenue", "ave", "road", "rd",
		"boulevard", "blvd", "lane", "ln", "drive", "dr", "way", "court", "ct",
		"place", "pl", "parkway", "pkwy", "highway", "hwy", "circle", "terrace",
		"square", "plaza", "broadway"}
	unitWords = []string{"minutes", "minute", "mins", "min", "hours", "hour",
		"hrs", "days", "day", "seconds", "secs", "points", "pts", "miles", "km",
		"kg", "mb", "gb", "kb", "users", "items", "people", "members", "steps",
		"words", "followers", "credits", "tokens", "px", "ms", "minuten",
		"stunden", "tage", "punkte", "heures", "jours", "minutos", "horas",
		"días", "minuti", "ore", "giorni", "minuten", "uur", "dagen", "minuter",
		"timmar", "dagar", "minut", "godzin", "dni", "分", "時間", "日", "点",
		"ポイント", "分钟", "小时", "天", "积分", "x"}
	currencyWords = []string{"usd", "eur", "gbp", "chf", "sek", "nok", "dkk",
		"pln", "jpy", "cny", "rmb", "cad", "aud", "inr", "brl", "mxn", "czk",
		"huf", "kr", "zł", "zl", "euro", "euros", "dollars", "dollar", "yen",
		"pounds", "円", "元", "rs", "rs.", "us$", "ca$", "a$", "r$", "kč", "ft",
		"lei", "€", "$", "£", "¥"}
	monthWords = []string{"january", "february", "march", "april", "may",
		"june", "july", "august", "september", "october", "november", "december",
		"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
		"nov", "dec", "janvier", "février", "mars", "avril", "mai", "juin",
		"juillet", "août", "septembre", "octobre", "novembre", "décembre",
		"januar", "februar", "märz", "juni", "juli", "oktober", "dezember",
		"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
		"septiembre", "octubre", "noviembre", "diciembre", "gennaio", "febbraio",
		"aprile", "maggio", "giugno", "luglio", "settembre", "ottobre",
		"dicembre", "januari", "februari", "maart", "augustus", "mei"}
)

// cjkUnits follow a number that is a quantity, a date or a price in Japanese
// and Chinese.
var cjkUnits = []string{"点", "分", "時", "时", "日", "年", "月", "個", "个",
	"件", "人", "円", "元", "圓", "歳", "岁", "回", "秒", "倍", "ポイント",
	"マイル", "積分", "积分", "公里", "号", "號", "番地", "丁目"}

// usStates are the two-letter codes before a US ZIP code.
const usStates = " AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR "

func inList(w string, list []string) bool {
	for _, s := range list {
		if w == s {
			return true
		}
	}
	return false
}

func isUSState(w string) bool {
	return len(w) == 2 && strings.Contains(usStates, " "+w+" ")
}
