package sendook

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// StrippedText returns what the sender wrote: PlainText without the quoted
// earlier messages of a reply and without a signature.
//
//   - Quoted lines (starting with '>') go wherever they are, with the
//     attribution line just before them ("On <date>, <name> wrote:", also
//     wrapped onto two lines, and its localised forms: "Le … a écrit :",
//     "Am … schrieb …:", "El … escribió:", "Il giorno … ha scritto:",
//     "Op … schreef …:", "Em … escreveu:", "Den … skrev …:", …).
//   - An attribution line or an Outlook header block ("-----Original
//     Message-----", a "____" rule, or From:/Sent:/To:/Subject: lines with
//     optional Cc:/Date:, also localised: Von:/Gesendet:/An:/Betreff:,
//     De:/Envoyé:/À:/Objet:, De:/Enviado:/Para:/Asunto:, …) that is not
//     followed by quoted lines cuts everything after it.
//   - A signature, everything from a line that is exactly "-- " or "--",
//     goes, and so do mobile footers at the end ("Sent from my iPhone",
//     "Get Outlook for Android" and their localised forms).
//   - Leading and trailing blank lines are trimmed. Sign-offs and signatures
//     without a "-- " line ("Best, Ada") stay.
func (m *Message) StrippedText() string {
	return stripReply(m.PlainText())
}

// stripReply applies the rules of StrippedText to a text.
func stripReply(s string) string {
	if s == "" {
		return ""
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
		if lines[i] == "-- " || lines[i] == "--" {
			lines = lines[:i]
			break
		}
	}

	out := make([]string, 0, len(lines))
	removed := false // lines were removed since the last line kept
	keep := func(l string) {
		if isBlank(l) {
			if removed && len(out) > 0 && isBlank(out[len(out)-1]) {
				return // one blank line where a quote was, not two
			}
		} else {
			removed = false
		}
		out = append(out, l)
	}
scan:
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if isQuoted(l) {
			removed = true
			continue
		}
		n, strong := attributionAt(lines, i)
		if n == 0 {
			n = headerBlockAt(lines, i)
			strong = n > 0
		}
		if n > 0 {
			if quotedAfter(lines, i+n) {
				i += n - 1
				removed = true
				continue
			}
			if strong {
				break scan
			}
		}
		keep(l)
	}

	for {
		out = trimBlankEnd(out)
		if len(out) == 0 || !isMobileFooter(out[len(out)-1]) {
			break
		}
		out = out[:len(out)-1]
	}
	for len(out) > 0 && isBlank(out[0]) {
		out = out[1:]
	}
	return strings.Join(out, "\n")
}

func trimBlankEnd(lines []string) []string {
	for len(lines) > 0 && isBlank(lines[len(lines)-1]) {
		lines = lines[:len(lines)-1]
	}
	return lines
}

func isBlank(l string) bool { return strings.TrimSpace(l) == "" }

func isQuoted(l string) bool {
	return strings.HasPrefix(strings.TrimLeft(l, " \t"), ">")
}

// quotedAfter reports whether the first non-blank line from i on is quoted.
func quotedAfter(lines []string, i int) bool {
	for ; i < len(lines); i++ {
		if !isBlank(lines[i]) {
			return isQuoted(lines[i])
		}
	}
	return false
}

// attributionAt reports whether an attribution starts at line i: how many
// lines it spans (0 when none), and whether it is strong enough to cut what
// follows when no quoted lines do (it opens with a localised "On" or names
// a date or an address; a bare "Ada wrote:" only removes the quote it
// introduces).
func attributionAt(lines []string, i int) (n int, strong bool) {
	l := strings.TrimSpace(lines[i])
	if l == "" || len(l) > 300 {
		return 0, false
	}
	if ok, s := isAttribution(l); ok {
		return 1, s
	}
	// Wrapped onto two lines: the opening, then the verb and colon.
	if i+1 < len(lines) && hasAttributionOpening(l) && !endsWithColon(l) {
		next := strings.TrimSpace(lines[i+1])
		if next != "" && len(next) < 200 {
			if ok, s := isAttribution(l + " " + next); ok {
				return 2, s
			}
		}
	}
	return 0, false
}

// attributionVerbs are the words of "wrote" in the languages mail clients
// write attributions in.
var attributionVerbs = []string{
	"wrote", "écrit", "ecrit", "schrieb", "escribió", "escribio", "scritto",
	"schreef", "escreveu", "skrev", "napisał", "napisala", "napisała",
	"napsal", "kirjoitti", "написал", "写道", "寫道", "書きました", "scrisse",
	"írta", "yazdı", "pisze", "skrifaði", "έγραψε", "geschreven",
}

// attributionOpenings open an attribution line: "On", "Le", "Am", "El",
// "Il giorno", "Op", "Em", "Den", "W dniu", "Dne", …
var attributionOpenings = []string{
	"on ", "le ", "am ", "el ", "il ", "op ", "em ", "den ", "w dniu ",
	"dne ", "в ", "на ", "på ", "în ", "在", "於",
}

func hasAttributionOpening(l string) bool {
	low := strings.ToLower(l)
	for _, p := range attributionOpenings {
		if strings.HasPrefix(low, p) {
			return true
		}
	}
	return false
}

func endsWithColon(l string) bool {
	return strings.HasSuffix(l, ":") || strings.HasSuffix(l, "：")
}

// isAttribution reports whether l (trimmed) is an attribution line, and
// whether a strong one.
func isAttribution(l string) (ok, strong bool) {
	if !endsWithColon(l) {
		return false, false
	}
	low := strings.ToLower(l)
	verb := false
	for _, v := range attributionVerbs {
		if strings.Contains(low, v) {
			verb = true
			break
		}
	}
	// Gmail in Japanese and a few other clients write no verb:
	// "2024年3月5日(火) 10:02 Ada <ada@example.com>:".
	if !verb {
		t := strings.TrimRight(strings.TrimSuffix(strings.TrimSuffix(l, ":"), "："), " ")
		if strings.HasSuffix(t, ">") && strings.Contains(l, "@") && strings.ContainsAny(l, "0123456789") {
			return true, true
		}
		return false, false
	}
	return true, hasAttributionOpening(l) || strings.Contains(l, "@") || hasClockTime(l)
}

// hasClockTime reports whether l holds a time of day such as 10:02.
func hasClockTime(l string) bool {
	for i := 1; i+2 < len(l); i++ {
		if l[i] == ':' && isDigit(l[i-1]) && isDigit(l[i+1]) && isDigit(l[i+2]) {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// Header labels of the block a client writes above a forwarded or quoted
// message, in the languages Outlook speaks.
var (
	headerFrom = []string{"from", "von", "de", "da", "van", "från", "fra", "od",
		"lähettäjä", "feladó", "差出人", "发件人", "寄件者", "от", "kimden", "expéditeur"}
	headerSent = []string{"sent", "date", "gesendet", "datum", "envoyé", "envoye",
		"enviado", "enviada", "fecha", "inviato", "data", "verzonden", "verstuurd",
		"skickat", "sendt", "wysłano", "wysłane", "送信日時", "日付", "发送时间",
		"日期", "時間", "отправлено", "lähetetty", "odesláno", "dátum", "envoyé le"}
	headerTo      = []string{"to", "an", "à", "a", "para", "aan", "till", "til", "do", "vastaanottaja", "宛先", "收件人", "收件者", "кому", "komu", "címzett", "pour"}
	headerSubject = []string{"subject", "betreff", "objet", "asunto", "oggetto", "onderwerp", "ämne", "emne", "temat", "assunto", "aihe", "předmět", "件名", "主题", "主旨", "тема", "tárgy", "konu"}
	headerCc      = []string{"cc", "kopie", "copie", "cco", "bcc", "kopia", "副本", "抄送"}
)

// headerLabel returns the lower-cased label of a "Label: value" line
// ("*From:* x" and "De : x" too), or "".
func headerLabel(l string) string {
	l = strings.TrimLeft(strings.TrimSpace(l), "*")
	i := strings.IndexAny(l, ":：")
	if i <= 0 || i > 30 {
		return ""
	}
	label := strings.TrimRight(l[:i], " *\u00a0\u202f")
	return strings.ToLower(label)
}

func labelIn(label string, set []string) bool {
	for _, s := range set {
		if label == s {
			return true
		}
	}
	return false
}

// outlookSeparators are the lines Outlook and others write above a quoted
// message, lower-cased and without their dashes.
var outlookSeparators = []string{
	"original message", "ursprüngliche nachricht", "message d'origine",
	"message d’origine", "mensaje original", "messaggio originale",
	"oorspronkelijk bericht", "ursprungligt meddelande", "wiadomość oryginalna",
	"mensagem original", "opprinnelig melding", "oprindelig meddelelse",
	"alkuperäinen viesti", "původní zpráva", "исходное сообщение",
	"forwarded message", "weitergeleitete nachricht", "message transféré",
	"mensaje reenviado", "messaggio inoltrato", "doorgestuurd bericht",
	"mensagem encaminhada", "vidarebefordrat meddelande",
}

// headerBlockAt returns how many lines the Outlook header block starting at
// line i spans, or 0 when none starts there.
func headerBlockAt(lines []string, i int) int {
	l := strings.TrimSpace(lines[i])
	if l == "" {
		return 0
	}
	if isRule(l) {
		return 1
	}
	if strings.HasPrefix(l, "---") || strings.HasPrefix(l, "___") || strings.HasPrefix(l, "===") {
		t := strings.ToLower(strings.Trim(l, "-_= *"))
		for _, s := range outlookSeparators {
			if t == s {
				return 1
			}
		}
	}
	if !labelIn(headerLabel(l), headerFrom) {
		return 0
	}
	// All on one line, as some HTML renders it.
	low := strings.ToLower(l)
	if containsLabel(low, headerSubject) && (containsLabel(low, headerSent) || containsLabel(low, headerTo)) {
		return 1
	}
	var sent, to, subject bool
	end := i + 1
	for j := i + 1; j < len(lines) && j <= i+8; j++ {
		t := strings.TrimSpace(lines[j])
		if t == "" {
			continue
		}
		label := headerLabel(t)
		switch {
		case labelIn(label, headerSent):
			sent = true
		case labelIn(label, headerTo):
			to = true
		case labelIn(label, headerSubject):
			subject = true
		case labelIn(label, headerCc):
		default:
			if label == "" && j > i+1 && !isBlank(lines[j-1]) {
				// a long address list wrapped onto the next line
				continue
			}
			j = len(lines) // not a header line: the block ended
			continue
		}
		end = j + 1
	}
	if subject && (sent || to) || sent && to {
		return end - i
	}
	return 0
}

// containsLabel reports whether low holds " label:" for a label of set.
func containsLabel(low string, set []string) bool {
	for _, s := range set {
		if strings.Contains(low, " "+s+":") || strings.Contains(low, "*"+s+":*") || strings.Contains(low, " "+s+" :") {
			return true
		}
	}
	return false
}

// isRule reports whether l is a line of underscores, as Outlook draws above
// the header block of the message it quotes.
func isRule(l string) bool {
	return len(l) >= 4 && strings.Trim(l, "_") == ""
}

// mobileFooters open the lines mail apps add at the end of what is written
// on a phone, lower-cased.
var mobileFooters = []string{
	"sent from my ", "sent from outlook", "sent from mail for", "sent from yahoo",
	"sent from samsung", "sent from the ", "sent with ", "sent via ", "sent using ",
	"get outlook for ", "download outlook for ",
	"von meinem ", "gesendet von ", "gesendet mit ", "outlook für ",
	"envoyé de mon ", "envoyé depuis ", "envoyé à partir ", "obtenir outlook pour ", "télécharger outlook pour ",
	"enviado desde ", "enviado de mi ", "enviado con ", "obtener outlook para ", "descargar outlook para ",
	"inviato da ", "inviato dal ", "scarica outlook per ", "ottieni outlook per ",
	"verstuurd vanaf ", "verzonden vanaf ", "verzonden met ", "verstuurd met ", "outlook voor ", "download outlook voor ",
	"enviado do meu ", "enviado a partir ", "obter o outlook para ", "baixe o outlook para ", "baixar o outlook para ",
	"skickat från ", "skickades från ", "hämta outlook för ", "skaffa outlook för ",
	"sendt fra ", "hent outlook til ", "få outlook til ",
	"wysłane z ", "wysłano z ", "pobierz aplikację outlook", "pobierz outlook ",
	"lähetetty ", "odesláno z ",
	"发自我的", "从我的", "從我的", "寄自我的", "發自我的",
}

// isMobileFooter reports whether l is a mobile footer ("Sent from my iPhone").
func isMobileFooter(l string) bool {
	l = strings.TrimSpace(l)
	if l == "" || utf8.RuneCountInString(l) > 80 {
		return false
	}
	low := strings.ToLower(l)
	for _, p := range mobileFooters {
		if strings.HasPrefix(low, p) {
			return true
		}
	}
	// Japanese: "iPhoneから送信", "Android から送信".
	if strings.HasSuffix(low, "から送信") || strings.HasSuffix(low, "から送信しました") {
		return true
	}
	// "Von meinem iPhone gesendet" is caught above; "iPhone'dan gönderildi" and
	// kin end with a verb after the device: a short line naming a device.
	return strings.HasSuffix(low, "gönderildi") && strings.IndexFunc(l, unicode.IsDigit) < 0
}
