package sendook

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Codes returns the one-time codes the message carries (verification codes,
// OTPs, PINs, sign-in codes), most likely first, without duplicates; nil
// when there is none. It searches Subject and PlainText.
//
// A code is 4 to 10 digits, or 4 to 10 upper-case letters and digits with at
// least one digit; a split code is two halves of equal length joined by one
// space or hyphen ("482 913", "BQK7-RW4M") and is returned as written
// (halves of two characters, "48 21", only right after a code word).
// Only candidates that stand near a word such as code, OTP, PIN,
// verification, one-time, passcode, sign-in, login or confirm (in English,
// the common European languages, Japanese and Chinese), or alone on their
// own line, are returned; the nearer and the more specific the word, the more
// likely the code. Years, dates, times, prices and amounts, phone numbers,
// order, invoice, tracking, reference and ticket numbers, meeting IDs,
// postal codes, street numbers, card and account endings ("ending in 4821"),
// promo codes and parts of URLs or email addresses are not codes.
func (m *Message) Codes() []string {
	return findCodes(m.Subject, m.PlainText())
}

// A codeFind is a code found, with how likely it is.
type codeFind struct {
	text  string // as written
	key   string // without its separator
	score int
}

// findCodes returns the codes of a subject and a body, most likely first.
func findCodes(subject, body string) []string {
	if !strings.ContainsAny(subject, "0123456789") && !strings.ContainsAny(body, "0123456789") {
		return nil
	}
	var found []codeFind
	index := map[string]int{} // key → index in found
	add := func(text string, score int) {
		key := strings.Map(func(r rune) rune {
			if r == ' ' || r == '-' {
				return -1
			}
			return r
		}, text)
		if i, ok := index[key]; ok {
			found[i].score = max(found[i].score, score) + 2 // said twice: surer
			return
		}
		index[key] = len(found)
		found = append(found, codeFind{text: text, key: key, score: score})
	}
	scanCodeLine(subject, nil, add)
	lines := strings.Split(body, "\n")
	for i, l := range lines {
		if strings.ContainsAny(l, "0123456789") {
			scanCodeLine(strings.TrimSuffix(l, "\r"), previousLines(lines, i, 2), add)
		}
	}
	if len(found) == 0 {
		return nil
	}
	// Equally likely codes keep the order they were found in.
	sort.SliceStable(found, func(i, j int) bool { return found[i].score > found[j].score })
	codes := make([]string, len(found))
	for i, f := range found {
		codes[i] = f.text
	}
	return codes
}

// previousLines returns up to n non-blank lines before line i, nearest first.
func previousLines(lines []string, i, n int) []string {
	var prev []string
	for j := i - 1; j >= 0 && len(prev) < n && i-j <= n+2; j-- {
		if t := strings.TrimSpace(lines[j]); t != "" {
			prev = append(prev, t)
		}
	}
	return prev
}

// A run is a maximal run of ASCII letters and digits in a line.
type run struct {
	start, end     int
	digits, upper  int
	lower, letters bool
}

func (r run) len() int { return r.end - r.start }

// codeish reports whether r could be (half of) a code: digits, or upper-case
// letters and digits.
func (r run) codeish() bool { return !r.lower && r.digits > 0 }

// upperOrDigits reports whether r holds only upper-case letters and digits.
func (r run) upperOrDigits() bool { return !r.lower }

// lineRuns returns the runs of ASCII letters and digits of l.
func lineRuns(l string) []run {
	var runs []run
	for i := 0; i < len(l); {
		if !isAlnum(l[i]) {
			i++
			continue
		}
		r := run{start: i}
		for i < len(l) && isAlnum(l[i]) {
			c := l[i]
			switch {
			case c >= '0' && c <= '9':
				r.digits++
			case c >= 'A' && c <= 'Z':
				r.upper++
				r.letters = true
			default:
				r.lower = true
				r.letters = true
			}
			i++
		}
		r.end = i
		runs = append(runs, r)
	}
	return runs
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}

// linked reports whether runs a and b, with sep between them, belong to one
// token: a date, a time, a decimal number, a phone or card number, a URL.
func linked(l string, a, b run) bool {
	sep := l[a.end:b.start]
	if len(sep) == 1 && strings.Contains("-./:,_@=+&?#%~'\\", sep) {
		return true
	}
	if sep == " " && a.codeish() && b.codeish() {
		return true
	}
	// "(555) 123-4567"
	if (sep == ") " || sep == ")") && !a.letters && a.start > 0 && l[a.start-1] == '(' && b.digits > 0 {
		return true
	}
	return false
}

// scanCodeLine finds the codes of one line and passes them to add with their
// score. prev holds the non-blank lines before it, nearest first.
func scanCodeLine(l string, prev []string, add func(string, int)) {
	runs := lineRuns(l)
	var kw []kwMatch // computed when a first candidate needs them
	var fold string
	for i := 0; i < len(runs); {
		j := i + 1
		for j < len(runs) && linked(l, runs[j-1], runs[j]) {
			j++
		}
		chain := runs[i:j]
		i = j
		var start, end int
		split := false
		switch len(chain) {
		case 1:
			r := chain[0]
			if !r.codeish() || r.len() < 4 || r.len() > 10 {
				continue
			}
			start, end = r.start, r.end
		case 2:
			a, b := chain[0], chain[1]
			sep := l[a.end:b.start]
			if sep == "-" && a.len() == 1 && a.upper == 1 && b.digits == b.len() && b.len() >= 4 && b.len() <= 10 {
				// "G-582019": a one-letter prefix, as Google writes its codes.
				start, end = b.start, b.end
				break
			}
			if sep != " " && sep != "-" || a.len() != b.len() || !a.upperOrDigits() || !b.upperOrDigits() ||
				a.digits+b.digits == 0 || a.len()+b.len() < 4 || a.len()+b.len() > 10 {
				continue
			}
			start, end, split = a.start, b.end, true
		default:
			continue
		}
		if !plausibleContext(l, start, end) {
			continue
		}
		if kw == nil {
			fold = foldCase(l)
			kw = keywordMatches(fold)
		}
		if score := scoreCode(l, fold, kw, start, end, split, prev); score > 0 {
			add(l[start:end], score)
		}
	}
}

// plausibleContext rules out what the characters around a candidate show is
// something else: a price, an order or ticket number (#), a phone number
// (+), part of a URL, an email address or a word, a masked card number.
func plausibleContext(l string, start, end int) bool {
	before, _ := utf8.DecodeLastRuneInString(l[:start])
	after, _ := utf8.DecodeRuneInString(l[end:])
	if start == 0 {
		before = ' '
	}
	if end == len(l) {
		after = ' '
	}
	if isWordRune(before) || isWordRune(after) {
		return false
	}
	if strings.ContainsRune("$€£¥￥₹₩¢#＃+@/\\=&?%~_©®", before) ||
		strings.ContainsRune("%％€$£¥￥₹@/\\=&?°_円元圓원", after) {
		return false
	}
	// A URL or an email address around it.
	cs, ce := start, end
	for cs > 0 && start-cs < codeWindow && !isSpaceByte(l[cs-1]) {
		cs--
	}
	for ce < len(l) && ce-end < codeWindow && !isSpaceByte(l[ce]) {
		ce++
	}
	chunk := l[cs:ce]
	if strings.Contains(chunk, "://") || strings.Contains(chunk, "@") || strings.Contains(strings.ToLower(chunk), "www.") {
		return false
	}
	// A masked card number: "**** 4821", "•••• 4821", "XXXX4821".
	c := l[start:end]
	if strings.HasPrefix(c, "XX") {
		return false
	}
	p := strings.TrimRight(l[max(0, start-codeWindow):start], " ")
	p0 := p
	masked := 0
	for len(p) > 0 {
		r, n := utf8.DecodeLastRuneInString(p)
		if r != '*' && r != '•' && r != '·' && r != 'x' && r != 'X' && r != '…' && r != '●' && r != '.' {
			break
		}
		masked++
		p = p[:len(p)-n]
	}
	if (masked >= 2 || masked == 1 && strings.HasSuffix(p0, "…")) && after != '*' {
		return false
	}
	// A price or an amount: a currency or a unit beside it.
	if w := wordBefore(l, start); inList(strings.ToLower(w), currencyWords) {
		return false
	}
	if w := strings.ToLower(wordAfter(l, end)); inList(w, currencyWords) || inList(w, unitWords) {
		return false
	}
	// Japanese and Chinese write the unit right after the number: 1200点.
	rest := strings.TrimPrefix(l[end:], " ")
	for _, u := range cjkUnits {
		if strings.HasPrefix(rest, u) {
			return false
		}
	}
	return true
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// isWordRune reports whether r is a letter or digit that would make a
// candidate part of a word: any but the ideographs and kana of Japanese and
// Chinese, which are written without spaces around numbers.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return isAlnum(byte(r))
	}
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
		return false
	}
	return !isCJK(r)
}

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		r >= 0xFF00 && r <= 0xFFEF || r == 'ー'
}

// codeWindow bounds, in bytes, how far around a candidate Codes looks, which
// keeps it linear in the length of the text.
const codeWindow = 160

// wordBefore returns the word (or symbol) before position i, skipping one
// space.
func wordBefore(l string, i int) string {
	p := strings.TrimSuffix(l[max(0, i-64):i], " ")
	p = strings.TrimRight(p, ",:")
	j := strings.LastIndexAny(p, " \t(")
	return p[j+1:]
}

// wordAfter returns the word (or symbol) after position i, skipping one
// space, without a trailing punctuation mark.
func wordAfter(l string, i int) string {
	p := strings.TrimPrefix(l[i:min(len(l), i+64)], " ")
	j := strings.IndexAny(p, " \t),;")
	if j >= 0 {
		p = p[:j]
	}
	return strings.TrimRight(p, ".!?:")
}

// foldCase lower-cases l without changing the byte offsets of its runes.
func foldCase(l string) string {
	b := []byte(l)
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if lr := unicode.ToLower(r); lr != r && utf8.RuneLen(lr) == n {
			utf8.EncodeRune(b[i:], lr)
		}
		i += n
	}
	return string(b)
}

// A kwMatch is a keyword, label or promo word found in a line.
type kwMatch struct {
	start, end int
	weight     int // 1 to 3 for keywords, labelWeight, promoWeight
}

const (
	labelWeight = -1
	promoWeight = -2
)

type keyword struct {
	text   string
	weight int
	cjk    bool // matches anywhere, not only at the start of a word
}

// keywordsByByte indexes every keyword by its first byte.
var keywordsByByte = func() [256][]keyword {
	var idx [256][]keyword
	put := func(list []string, w int) {
		for _, s := range list {
			r, _ := utf8.DecodeRuneInString(s)
			idx[s[0]] = append(idx[s[0]], keyword{text: s, weight: w, cjk: isCJK(r) || r == '〒' || r == '%'})
		}
	}
	put(codeKeywords3, 3)
	put(codeKeywords2, 2)
	put(codeKeywords1, 1)
	put(codeLabels, labelWeight)
	put(promoWords, promoWeight)
	return idx
}()

// keywordMatches finds the keywords of a lower-cased line. Where matches
// overlap the longest wins, so "promo code" is a label, not "code".
func keywordMatches(fold string) []kwMatch {
	ms := []kwMatch{}
	prev := ' '
	for i := 0; i < len(fold); {
		c := fold[i]
		if c < utf8.RuneSelf {
			// The common case, quickly: an ASCII byte opens a keyword only
			// at the start of a word.
			start := !isWordRune(prev)
			prev = rune(c)
			if !start && c != '%' || len(keywordsByByte[c]) == 0 {
				i++
				continue
			}
		}
		r, n := utf8.DecodeRuneInString(fold[i:])
		wordStart := r < utf8.RuneSelf || !isWordRune(prev) || isCJK(r)
		for _, k := range keywordsByByte[c] {
			if !k.cjk && !wordStart || !strings.HasPrefix(fold[i:], k.text) {
				continue
			}
			end := i + len(k.text)
			if !k.cjk && k.weight != promoWeight && end < len(fold) {
				// Words end where the keyword does, except plurals and the
				// like of short English words ("codes", "verified").
				next, _ := utf8.DecodeRuneInString(fold[end:])
				if isWordRune(next) && !allowsSuffix(k.text, fold[end:]) {
					continue
				}
			}
			ms = append(ms, kwMatch{start: i, end: end, weight: k.weight})
		}
		prev = r
		i += n
	}
	// Keep the longest of overlapping matches.
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].start != ms[j].start {
			return ms[i].start < ms[j].start
		}
		return ms[i].end > ms[j].end
	})
	out := ms[:0]
	for _, m := range ms {
		if len(out) > 0 && m.start < out[len(out)-1].end {
			if m.end-m.start > out[len(out)-1].end-out[len(out)-1].start {
				out[len(out)-1] = m
			}
			continue
		}
		out = append(out, m)
	}
	return out
}

// allowsSuffix reports whether keyword k may be followed by the letters of
// rest and still be itself: "codes", "verified", "confirming", "logins".
func allowsSuffix(k, rest string) bool {
	n := 0
	for n < len(rest) && isAlnum(rest[n]) {
		n++
	}
	if len(k) <= 4 {
		return rest[:n] == "s" // codes, pins, tans; not pinned, tank
	}
	// verified, confirmed, orders, numbers; the case endings of Finnish
	// (vahvistuskoodisi) and the like.
	return n <= 4
}

// scoreCode returns how likely the candidate l[start:end] is a one-time
// code, or 0 when it is not one.
func scoreCode(l, fold string, kw []kwMatch, start, end int, split bool, prev []string) int {
	sentStart, sentEnd := sentenceBounds(l, start, end)

	// The nearest keyword and label before the candidate, and after it.
	var posB, labB, posA, labA *kwMatch
	promo := false
	// kw is in order of start and end; look only at the window around.
	first := sort.Search(len(kw), func(i int) bool { return kw[i].end > start-codeWindow })
	for i := first; i < len(kw) && kw[i].start < end+codeWindow; i++ {
		m := &kw[i]
		switch {
		case m.weight == promoWeight:
			if m.start >= sentStart && m.end <= sentEnd {
				promo = true
			}
		case m.end <= start && m.weight == labelWeight:
			// A label is taken by the first number after it.
			if !hasNumber(l[m.end:start]) {
				labB = m
			}
		case m.end <= start:
			posB = m
		case m.start >= end && m.weight == labelWeight && labA == nil:
			labA = m
		case m.start >= end && m.weight > 0 && posA == nil:
			posA = m
		}
	}
	// "order code": a code word right after a label is part of the label.
	if posB != nil && posB.weight < 3 && labB != nil && labB.end <= posB.start && posB.start-labB.end <= 1 &&
		!weakLabel(fold[labB.start:labB.end]) {
		labB, posB = posB, nil
	}

	candidate := l[start:end]
	direct := false
	score := 0
	weight := 0
	if posB != nil && start-posB.end <= 120 {
		gap := l[posB.end:start]
		weight = posB.weight
		if introduces(gap) {
			direct = true
			score = 100 + 10*weight
		} else {
			score = 60 + 10*weight - len(gap)/8
			if posB.end < sentStart {
				score -= 20
			}
		}
	}
	if labB != nil && (posB == nil || labB.end > posB.end) && start-labB.end <= 40 {
		// A label between the code word and the candidate names it, unless
		// it is only what the code is for: "code for your account: 4821".
		if posB == nil || posB.end < sentStart || !weakLabel(fold[labB.start:labB.end]) {
			return 0
		}
	}
	if labA != nil && (posA == nil || labA.start < posA.start) && follows(l[end:labA.start]) && (!direct || weight < 2) {
		return 0 // "12345 is your order number"
	}
	if posA != nil && posA.start-end <= 60 {
		gap := l[end:posA.start]
		s := 55 + 10*posA.weight - len(gap)/8
		if follows(gap) {
			s = 95 + 10*posA.weight
			direct = true
		}
		if posA.start > sentEnd {
			s -= 20
		}
		if s > score {
			score, weight = s, posA.weight
		}
	}
	alone := aloneOnLine(l, start, end)
	leads := alone || strings.TrimLeft(l[:start], " \t*_`\"'“«([【「-–—•:") == ""
	if leads && len(prev) > 0 {
		pf := foldCase(prev[0])
		pk := keywordMatches(pf)
		if len(pk) > 0 {
			last := pk[len(pk)-1]
			if last.weight == labelWeight && !hasNumber(prev[0][last.end:]) {
				return 0 // "Order number:" above it
			}
			if last.weight > 0 && introduces(prev[0][last.end:]) {
				direct = true
				if s := 100 + 10*last.weight; s > score {
					score, weight = s, last.weight
				}
			}
		}
	}
	if alone {
		// Alone on its line: a code, and surer below a code word.
		s, named := 50, 0
		for pi, p := range prev {
			for _, m := range keywordMatches(foldCase(p)) {
				if m.weight > 0 && s < 50+10*m.weight-5*pi {
					s = 50 + 10*m.weight - 5*pi
				}
				if m.weight > weight {
					weight = m.weight
				}
				named = max(named, m.weight)
				if m.weight == promoWeight {
					promo = true
				}
			}
		}
		if named < 2 && end-start >= 9 && strings.Trim(candidate, "0123456789") == "" {
			s = 0 // a long number alone and unnamed: a phone number, likelier
		}
		if s > score {
			score = s
		}
	}
	if score <= 0 {
		return 0
	}
	// Only a code word, and a discount in the same sentence: a promo code.
	if promo && weight < 3 {
		return 0
	}
	if !direct && notACodeValue(l, fold, candidate, start, end, split) {
		return 0
	}
	if split && !direct && end-start-1 < 6 {
		return 0 // "12 34" is too likely two small numbers
	}
	return score
}

// introduces reports whether the text between a keyword and a candidate
// says the candidate is what the keyword names: "code: ", " is ", "は",
// " for Acme is ". It is short, on one sentence, without numbers.
func introduces(gap string) bool {
	if len(gap) > 28 || hasNumber(gap) || sentenceBreak(gap) {
		return false
	}
	return len(strings.Fields(gap)) <= 3
}

// follows reports whether the text between a candidate and the keyword after
// it says the candidate is what the keyword names: "482913 is your code".
func follows(gap string) bool {
	if len(gap) > 32 || hasNumber(gap) || sentenceBreak(gap) {
		return false
	}
	return len(strings.Fields(gap)) <= 4
}

func hasNumber(s string) bool { return strings.ContainsAny(s, "0123456789") }

func sentenceBreak(s string) bool {
	return strings.Contains(s, ". ") || strings.Contains(s, "! ") || strings.Contains(s, "? ") ||
		strings.ContainsAny(s, "。！？") || strings.HasSuffix(s, ".")
}

// sentenceBounds returns the sentence of l around [start, end), within
// codeWindow bytes: it ends at ". ", "! ", "? ", "。", "！" or "？".
func sentenceBounds(l string, start, end int) (int, int) {
	from := max(0, start-codeWindow)
	to := min(len(l), end+codeWindow)
	s, e := from, to
	for i := start - 1; i >= from; i-- {
		if n := sentenceEndAt(l, i); n > 0 && i+n <= start {
			s = i + n
			break
		}
	}
	for i := end; i < to; i++ {
		if sentenceEndAt(l, i) > 0 {
			e = i
			break
		}
	}
	return s, e
}

// sentenceEndAt returns the length of the sentence end at l[i:], or 0.
func sentenceEndAt(l string, i int) int {
	switch c := l[i]; c {
	case '.', '!', '?':
		if i+1 < len(l) && l[i+1] == ' ' {
			return 2
		}
	case 0xE3, 0xEF: // 。 is E3 80 82; ！ and ？ are EF BC 81 and EF BC 9F
		for _, sep := range []string{"。", "！", "？"} {
			if strings.HasPrefix(l[i:], sep) {
				return len(sep)
			}
		}
	}
	return 0
}

// aloneOnLine reports whether the candidate is all its line says, besides
// white space, quotes, brackets and emphasis.
func aloneOnLine(l string, start, end int) bool {
	const trim = " \t*_`\"'“”«»()[]【】「」:：.。!"
	return strings.Trim(l[:start], trim) == "" && strings.Trim(l[end:], trim) == ""
}

// notACodeValue reports whether a candidate is a value of another kind that
// its shape or surroundings give away: a year, a compact date, a postal code
// or a street number.
func notACodeValue(l, fold, c string, start, end int, split bool) bool {
	if split {
		return false
	}
	allDigits := strings.Trim(c, "0123456789") == ""
	if !allDigits {
		return false
	}
	if len(c) == 4 && (c[:2] == "19" || c[:2] == "20") {
		return true // a year
	}
	if len(c) == 8 && (c[:2] == "19" || c[:2] == "20") {
		mo, d := atoi2(c[4:6]), atoi2(c[6:8])
		if mo >= 1 && mo <= 12 && d >= 1 && d <= 31 {
			return true // 20240305
		}
	}
	wb := wordBefore(l, start)
	wa := wordAfter(l, end)
	if inList(strings.ToLower(strings.TrimRight(wb, ".,")), monthWords) || inList(strings.ToLower(wa), monthWords) {
		return true // a day and month, or a date
	}
	if len(c) == 4 || len(c) == 5 {
		if isUSState(strings.TrimRight(wb, ",")) {
			return true // "Springfield, IL 62704"
		}
		// "1600 Amphitheatre Parkway", "221 Baker Street"
		rest := strings.Fields(fold[end:min(len(fold), end+80)])
		for i := 0; i < len(rest) && i < 4; i++ {
			if inList(strings.TrimRight(rest[i], ".,"), streetWords) && i > 0 {
				return true
			}
		}
		// "10115 Berlin", ", 75001 Paris": a place name after it.
		if r, _ := utf8.DecodeRuneInString(wa); unicode.IsUpper(r) && len(wa) > 2 && !strings.ContainsAny(wa, "0123456789") {
			p := strings.TrimRight(l[:start], " ")
			if p == "" || strings.HasSuffix(p, ",") || strings.HasSuffix(p, "-") {
				return true
			}
		}
	}
	return false
}

func atoi2(s string) int { return int(s[0]-'0')*10 + int(s[1]-'0') }

// weakLabel reports whether a label names what a code may be for rather
// than a number of its own: "the code for your account".
func weakLabel(label string) bool {
	return inList(label, weakLabels)
}

var weakLabels = []string{"account", "acct", "order", "card", "customer",
	"member", "membership", "booking", "reservation", "transaction", "case",
	"policy", "compte", "carte", "client", "commande", "bestellung", "konto",
	"karte", "pedido", "cuenta", "tarjeta", "cliente", "ordine", "conto",
	"carta", "encomenda", "conta", "cartão", "bestelling", "rekening", "kaart",
	"klant", "beställning", "kort", "kund", "zamówienie", "karta", "klient",
	"注文", "口座", "カード", "订单", "訂單", "账户", "帳戶", "账号", "帳號"}
