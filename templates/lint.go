package templates

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Category names a kind of blame or hindsight wording.
type Category string

// The lint's categories.
const (
	Counterfactual   Category = "counterfactual"     // "should have", "failed to"
	PersonAsCause    Category = "person-as-cause"    // "human error", "forgot"
	Minimiser        Category = "minimiser"          // "just", "obviously"
	QuestionAtPerson Category = "question-at-person" // "why didn't you"
	SingleRootCause  Category = "single-root-cause"  // "the root cause"
	Normative        Category = "normative"          // "improper", "poor judgement"
	BeMoreCareful    Category = "be-more-careful"    // follow-ups that ask people to try harder
)

// Finding is one phrase worth reconsidering. Line and Col are 1-based;
// Col counts bytes, as compilers do, so editors can jump to it.
type Finding struct {
	File       string   `json:"file,omitempty"`
	Line       int      `json:"line"`
	Col        int      `json:"col"`
	Category   Category `json:"category"`
	Phrase     string   `json:"phrase"` // as written
	Suggestion string   `json:"suggestion"`
}

// String prints the compiler convention: FILE:LINE:COL: CATEGORY: "PHRASE": SUGGESTION.
func (f Finding) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %q: %s", f.File, f.Line, f.Col, f.Category, f.Phrase, f.Suggestion)
}

var suggestions = map[Category]string{
	Counterfactual:   "describe what people did and knew at the time, and what made that reasonable",
	PersonAsCause:    "name the conditions (tools, signals, defaults, time pressure) that made the action likely, not the person",
	Minimiser:        "drop the word: what looks simple afterwards took work at the time",
	QuestionAtPerson: "ask what made sense then: what did you see, what did you expect?",
	SingleRootCause:  "list the contributing factors: incidents come from several conditions together",
	Normative:        "state what was done, what the procedure expected, and why the gap made sense at the time",
	BeMoreCareful:    "change the system (a check, a guard, automation) so the safe path is the easy one",
}

// rule is a phrase as a sequence of words; each word may list
// alternatives ("didn't|did not" is two rules, "you|they" one word).
type rule struct {
	cat        Category
	words      [][]string
	suggestion string   // overrides the category's
	unlessNext []string // the phrase means something else before these words
	unlessPrev []string // ... or after these
	// about, when set, decides from the words around the phrase whether
	// it speaks of a person (or their work) rather than of a system.
	about func(l *linter, i, n int) bool
	// withPerson rules match only before a noun phrase naming a person,
	// and the finding runs to that noun ("why didn't the engineer").
	withPerson bool
}

// phrase makes rules from a pattern such as "why didn't you|they"; a word
// "a/b" expands into separate rules, so multi-word alternatives stay whole.
func phrase(cat Category, pattern string, opts ...func(*rule)) []rule {
	variants := [][]string{{}}
	for _, w := range strings.Fields(pattern) {
		for _, alt := range strings.Split(w, "/") {
			if strings.Contains(alt, "+") && strings.Contains(alt[:strings.IndexByte(alt, '+')], "|") {
				panic("lint: pattern " + pattern + ": '+' after '|' in " + alt + " (write multi-word alternatives with '/')")
			}
		}
		var next [][]string
		for _, alt := range strings.Split(w, "/") {
			for _, v := range variants {
				next = append(next, append(slices.Clone(v), strings.Fields(strings.ReplaceAll(alt, "+", " "))...))
			}
		}
		variants = next
	}
	var rules []rule
	for _, v := range variants {
		r := rule{cat: cat}
		for _, w := range v {
			r.words = append(r.words, strings.Split(w, "|"))
		}
		for _, o := range opts {
			o(&r)
		}
		rules = append(rules, r)
	}
	return rules
}

func unlessNext(words ...string) func(*rule) { return func(r *rule) { r.unlessNext = words } }
func unlessPrev(words ...string) func(*rule) { return func(r *rule) { r.unlessPrev = words } }
func suggest(s string) func(*rule)           { return func(r *rule) { r.suggestion = s } }
func withPerson(r *rule)                     { r.withPerson = true }
func when(f func(l *linter, i, n int) bool) func(*rule) {
	return func(r *rule) { r.about = f }
}

// rules is the lint's vocabulary, indexed by first word, built on first
// use (not at start-up, which every sitrep command pays). Patterns are
// narrow on purpose, and the ones that a system can be the subject of
// ("failed to", "should have", "ignored") look at who the subject is: a
// lint that cries wolf gets switched off.
var rules = sync.OnceValue(func() map[string][]rule {
	var all []rule
	add := func(r []rule) { all = append(all, r...) }
	// Counterfactuals and hindsight.
	add(phrase(Counterfactual, "should have|'ve", when(hindsightAboutPeople)))
	add(phrase(Counterfactual, "should've", when(hindsightAboutPeople)))
	add(phrase(Counterfactual, "shouldn't/should+not have", when(hindsightAboutPeople)))
	add(phrase(Counterfactual, "could|would|might have|'ve prevented|avoided|caught|stopped|noticed|spotted|known", when(hindsightAboutPeople)))
	add(phrase(Counterfactual, "could've|would've prevented|avoided|caught|stopped|noticed|spotted|known", when(hindsightAboutPeople)))
	add(phrase(Counterfactual, "ought to have"))
	add(phrase(Counterfactual, "failed to", when(personFailed)))
	add(phrase(Counterfactual, "neglected|neglecting|neglects", when(notSystemSubject)))
	add(phrase(Counterfactual, "didn't/did+not/never check|test|verify|read|review|follow|escalate|confirm|validate|double-check|notify|tell|update|communicate|consider|think|ask|investigate|catch|notice|spot|wait|heed|listen|respond|react|realise|realize|look|monitor|acknowledge|ack|page|inform|document|plan|prepare|coordinate|bother|run|use|try|stop|pause|drain", when(personSubjectNotRelative)))
	// The same omissions as habit or as done: "Lee never checks his work",
	// "the author had never tested it".
	add(phrase(Counterfactual, "never|doesn't/does+not checks|tests|verifies|reads|reviews|follows|escalates|confirms|validates|notifies|tells|updates|communicates|considers|thinks|asks|investigates|listens|looks|bothers|waits|documents|plans", when(personSubject)))
	add(phrase(Counterfactual, "never/hadn't/had+not checked|tested|verified|reviewed|followed|escalated|confirmed|validated|notified|told|communicated|considered|thought|asked|investigated|looked|bothered|waited|noticed|documented|planned|read", when(personSubject)))
	add(phrase(Counterfactual, "never/hadn't/had+not ran|run|tried|used|opened|watched|monitored|attended", when(personSubjectUnexplainedNotNew)))
	add(phrase(Counterfactual, "everyone|everybody|anyone knows|knew/could+see/could+have", unlessNext("who", "whose", "where", "when", "how")))
	add(phrase(Counterfactual, "common sense"))
	add(phrase(Counterfactual, "didn't/did+not bother"))
	add(phrase(Counterfactual, "bothered|bother to", when(personSubject)))
	add(phrase(Counterfactual, "if only"))
	add(phrase(Counterfactual, "in|with hindsight", suggest("hindsight shows what was unknowable then: describe what people saw at the time")))
	add(phrase(Counterfactual, "in retrospect", suggest("hindsight shows what was unknowable then: describe what people saw at the time")))
	// The consequence side of a counterfactual: what "would not have happened".
	for _, modal := range []string{"would|could|might", "wouldn't|couldn't", "would+not/could+not/would+never/could+never"} {
		add(phrase(Counterfactual, modal+" have|'ve happened|occurred/been+avoided|prevented|caught|stopped|noticed|spotted", when(consequenceAboutPeople)))
	}
	add(phrase(Counterfactual, "would've|could've happened|occurred/been+avoided|prevented|caught|stopped|noticed|spotted", when(consequenceAboutPeople)))
	add(phrase(Counterfactual, "none of this|that would|could"))
	add(phrase(Counterfactual, "avoidable|preventable"))
	add(phrase(Counterfactual, "if|had", when(pastPerfectCounterfactual)))
	// A person as the cause.
	add(phrase(PersonAsCause, "human|operator|user|pilot|engineer|admin|developer error", suggest("say what made the error likely (interface, defaults, missing guard, fatigue)"),
		unlessNext(metricNouns...)))
	add(phrase(PersonAsCause, "human|operator|pilot|engineer|admin|developer errors", suggest("say what made the error likely (interface, defaults, missing guard, fatigue)"),
		unlessNext(metricNouns...)))
	add(phrase(PersonAsCause, "mistake|mistakes|fault|error|errors|blunder|oversight|negligence|carelessness", when(possessedByPerson),
		unlessNext("pattern", "patterns", "class", "classes", "type", "types", "rate", "rates", "budget", "budgets", "handling", "message", "messages", "code", "codes")))
	add(phrase(PersonAsCause, "careless|carelessly|carelessness|negligent|negligently|negligence|sloppy|sloppily|laziness|incompetent|incompetence|inattentive|inattention"))
	// "lazy loading", "lazily initialised", "lazy functions" are programming.
	add(phrase(PersonAsCause, "lazy|lazily", unlessNext("loading", "load", "loaded", "loads", "init", "initialisation", "initialization",
		"initialised", "initialized", "evaluation", "evaluated", "functions", "function", "values", "value", "iterator", "iterators",
		"sequence", "sequences", "fetch", "fetching", "import", "imports", "allocation", "computed", "built", "compiled"),
		unlessPrev("be", "is", "are", "made", "done", "computed", "loaded", "evaluated", "initialised", "initialized", "built")))
	add(phrase(PersonAsCause, "forgot|forgotten|forgetting", when(notSystemSubject)))
	add(phrase(PersonAsCause, "made|make|making a|an|this|that|such|same mistake|error|blunder|mistakes|errors"))
	add(phrase(PersonAsCause, "made|make|making the mistake|error|blunder|mistakes|errors", when(personSubject)))
	add(phrase(PersonAsCause, "same mistake|mistakes|blunder|blunders", unlessNext("pattern", "patterns", "class", "type", "kind", "category")))
	add(phrase(PersonAsCause, "made mistakes|errors"))
	add(phrase(PersonAsCause, "at fault"))
	add(phrase(PersonAsCause, "my|your|his|her|their|our fault|mistake|mistakes|blunder|oversight|negligence|carelessness"))
	add(phrase(PersonAsCause, "to blame"))
	add(phrase(PersonAsCause, "blame|blamed|blaming|blames", when(notSystemSubject), unlessPrev("git", "svn", "hg"), unlessNext("output", "view", "annotation", "annotations", "log")))
	add(phrase(PersonAsCause, "fat-fingered|fat-finger|fat-fingering"))
	add(phrase(PersonAsCause, "dropped|drops|dropping|drop the ball", when(notSystemSubject)))
	add(phrase(PersonAsCause, "asleep at the wheel|switch"))
	add(phrase(PersonAsCause, "asleep at the|his|her|their console|desk|keyboard|post|helm|controls|screen"))
	add(phrase(PersonAsCause, "cut|cutting|cuts corners"))
	add(phrase(PersonAsCause, "cut|cutting|cuts every|some|any|few/a+few/all+the/so+many corner|corners"))
	add(phrase(PersonAsCause, "complacent|complacency"))
	add(phrase(PersonAsCause, forms("rush hurry:hurried:hurried panic:panicked:panicked panicking freak"), when(personInvolved)))
	add(phrase(PersonAsCause, forms("misread:misread:misread misjudge misinterpret misunderstand:misunderstood:misunderstood mishandle misconfigure misuse mistype misclick misjudge misdiagnose misroute mislabel* misspell"), when(personInvolved)))
	add(phrase(PersonAsCause, "the wrong", when(personActsBeforeUnexplained)))
	add(phrase(PersonAsCause, "too slow|late|hasty|quick|careless|eager", when(personSubject)))
	add(phrase(PersonAsCause, "incorrectly|wrongly|improperly|badly", when(personInvolved)))
	add(phrase(Counterfactual, "clearly|obviously|evidently didn't|hadn't|wasn't|weren't/did+not/had+not/was+not"))
	add(phrase(PersonAsCause, "seriously", when(notTakenSeriously)))
	add(phrase(PersonAsCause, "naive|ignorant|arrogant|inept|unreliable|unprepared|irresponsible|absent-minded", when(personNext)))
	add(phrase(PersonAsCause, "naive|ignorant|arrogant|inept|unreliable|unprepared|absent-minded", when(personSubject)))
	add(phrase(PersonAsCause, forms("dismiss"), when(notSystemSubject)))
	add(phrase(PersonAsCause, "lack|lacked|lacking of attention|care|diligence|discipline|rigor|rigour|ownership|professionalism|hygiene"))
	add(phrase(PersonAsCause, "lack|lacked|lacking of basic|any|proper|simple attention|care|diligence|discipline|rigor|rigour|ownership|professionalism|hygiene|competence|judgement|judgment"))
	add(phrase(PersonAsCause, "instead of checking|reading|testing|looking|escalating|following|waiting|asking|investigating|verifying|watching|monitoring|responding|answering|helping|listening|paying|working|fixing", when(clauseOrSentenceOfPerson)))
	add(phrase(Counterfactual, "failure to", when(nextPersonVerb)))
	add(phrase(Counterfactual, "all it took/would+have+taken was"))
	add(phrase(Counterfactual, "could|would|might have|'ve seen|realized|realised|recognized|recognised|found", when(hindsightAboutPeople)))
	add(phrase(Counterfactual, "anyone|anybody|everyone paying|with attention|eyes|common"))
	add(phrase(Minimiser, "trivial|easy|simple|straightforward to catch|spot|notice|prevent|avoid|see|find|detect", when(notMadeEasy)))
	add(phrase(Normative, "unbelievable|incredible|astonishing|shocking|ridiculous|absurd|baffling|mind-boggling|unforgivable|disgraceful|appalling|embarrassing|inexcusable"))
	add(phrase(PersonAsCause, forms("choose:chose:chosen decide opt elect")+" to skip|ignore|bypass|disable|override|disregard|skipping|ignoring|silence|mute|snooze|cut|wing|yolo|forgo|forego|omit|waive", when(personSubjectUnexplained)))
	add(phrase(PersonAsCause, "wasn't/was+not/weren't/were+not/isn't/is+not/aren't/are+not careful|attentive|focused|diligent|thorough|thinking|vigilant|cautious", when(personSubject)))
	add(phrase(PersonAsCause, "wiped|corrupted|overwrote|destroyed|leaked", when(personSubjectUnexplained)))
	// "exposed the keys" is harm; "exposed a latent race" is a finding.
	add(phrase(PersonAsCause, "exposed", when(exposedHarm)))
	add(phrase(PersonAsCause, "ignore|ignores|disregard|disregards|overlook|overlooks", when(personSubject)))
	add(phrase(PersonAsCause, "didn't/did+not/doesn't/does+not care"))
	add(phrase(Counterfactual, "know|knew|known|knows better"))
	add(phrase(Normative, "was/were/had+been warned", when(warnedByNoSystem)))
	add(phrase(Normative, "against advice|recommendations|orders"))
	add(phrase(Normative, "against all|my|our|expert|everyone's|professional advice|recommendations|warnings"))
	add(phrase(PersonAsCause, "ignorance"))
	add(phrase(PersonAsCause, "blew|took|knocked|wiped|brought|blows|takes away|out|down", when(personSubject)))
	add(phrase(PersonAsCause, "out of his|her|their|my|our|your depth"))
	add(phrase(PersonAsCause, "in over his|her|their|my|our|your head|heads"))
	add(phrase(Normative, "half-baked|half-assed|slapdash|haphazard|careless|cowboy"))
	add(phrase(Normative, "actually read|reads|check|checks|test|tests|follow|follows|look|looks|pay|pays|care|cares|listen|listens|think|thinks", when(personSubject)))
	add(phrase(Counterfactual, "nobody|noone thought|bothered|cared|cares|thinks"))
	add(phrase(Counterfactual, "no one thought|bothered|cared|cares|thinks"))
	add(phrase(Counterfactual, "didn't/did+not/never think|thought to"))
	add(phrase(PersonAsCause, "untested|unreviewed|unapproved|unvetted", when(clauseOrMakerIsPerson)))
	add(phrase(Normative, "follow|followed|following|follows", when(rulesNotFollowed)))
	add(phrase(Counterfactual, "don't/do+not/doesn't/does+not write|run|test|check|read|follow|review|verify|consider|think|ask|bother|care", when(notMyOpinion), unlessNext("for", "so", "that")))
	add(phrase(PersonAsCause, "accidentally|inadvertently|unintentionally|carelessly", when(personSubject)))
	add(phrase(Normative, "was|were supposed to", when(personSubject)))
	add(phrase(QuestionAtPerson, "who the hell|heck|fuck"))
	add(phrase(PersonAsCause, "classic", when(personNext)))
	add(phrase(PersonAsCause, "fat fingered|finger|fingering"))
	add(phrase(PersonAsCause, "always|again the same guy|person|people|engineer|engineers|team|dev|devs|developer|developers|folks"))
	add(phrase(Normative, "shame on"))
	add(phrase(PersonAsCause, "brought|took|knocked|brings|takes|bringing|taking", when(downAheadByPerson)))
	add(phrase(PersonAsCause, "made|making|makes things|it|matters worse", when(madeWorse)))
	add(phrase(Normative, "understand how|why", when(personNext)))
	add(phrase(PersonAsCause, "let|lets|letting", when(letItSlip)))
	add(phrase(Counterfactual, "did|does|do nothing", when(personSubject), unlessNext("to", "with", "until", "while", "else")))
	add(phrase(Normative, "a more experienced|careful|senior|competent|diligent|attentive engineer|person|operator|developer|admin|team|responder"))
	add(phrase(BeMoreCareful, "be reminded"))
	add(phrase(BeMoreCareful, "reminded to"))
	add(phrase(Normative, "any competent|reasonable|experienced|decent|good engineer|person|operator|developer|admin|sre"))
	add(phrase(SingleRootCause, "the culprit"))
	add(phrase(PersonAsCause, forms("blunder goof botch bungle fumble flub* muff")))
	add(phrase(PersonAsCause, forms("screw mess fuck")+" up", when(notSystemSubject)))
	add(phrase(PersonAsCause, "rookie|amateur|amateurish|newbie|noob|boneheaded|bone-headed|bonehead|dumb|stupid|silly|idiotic|foolish|embarrassing|unforced|basic|avoidable mistake|mistakes|move|error|errors|blunder"))
	add(phrase(PersonAsCause, "rookie|amateur|amateurish|boneheaded|dumb|stupid|idiotic|foolish"))
	add(phrase(PersonAsCause, "mistakenly|wrongly|erroneously|blindly|hastily|rashly|thoughtlessly|mindlessly|haphazardly|stupidly|foolishly"))
	add(phrase(PersonAsCause, "tired|exhausted|sleepy|inexperienced|distracted|overconfident|clueless|forgetful|hungover|overtired|unqualified|untrained", when(personNext)))
	add(phrase(PersonAsCause, "an/an+obvious/a+simple oversight"))
	add(phrase(PersonAsCause, "fell|fall|falls|falling for", suggest("describe what made the attack or signal convincing, not who believed it")))
	add(phrase(PersonAsCause, "didn't/did+not/wasn't/was+not/weren't/were+not pay|paying attention"))
	add(phrase(PersonAsCause, "ignored|ignoring|disregarded|overlooked|overlooking", when(notSystemSubject)))
	add(phrase(PersonAsCause, "skipped|skipping|missed|bypassed|bypassing|bypasses|skips", when(personSubjectUnexplained)))
	add(phrase(PersonAsCause, "without testing|checking|verifying|reviewing|validating|asking|consulting|reading|telling|notifying|looking|thinking|waiting|confirming|coordinating|double-checking|understanding|considering|informing|running|trying|rehearsing|staging|backing|review|approval|completing|finishing|performing|following|logging|recording|documenting|opening/a+review/a+second+pair/a+test/a+dry+run/a+dry-run", when(clauseAboutPeopleUnexplained)))
	add(phrase(PersonAsCause, "without any|proper|adequate|prior|peer|code|further|sufficient|due|a|real review|reviews|testing|tests|approval|sign-off|checks|checking|validation|verification|thought|care|warning|notice|consultation|planning|pilot|canary|staging|rollback|backout|communication|plan|trial|dry-run|regard|consideration|scrutiny|diligence|oversight|investigation|analysis|diagnosis|investigating|checking", when(clauseAboutPeopleUnexplained)))
	add(phrase(PersonAsCause, "caused|broke|broken|breaks|breaking|crashed/took+down/brought+down", when(personSubject), unlessNext("change", "changes")))
	add(phrase(PersonAsCause, forms("nuke torch bork fubar*")+"|trashed|trashing|hosed|hosing|messed|messing|screwed|screwing|fouled|fouling|mucked|mucking", when(notSystemSubject), unlessNext("around", "about", "with")))
	add(phrase(PersonAsCause, "caused by", when(personNext)))
	add(phrase(PersonAsCause, "responsible|accountable for", when(personSubject), unlessPrev("is", "are", "be", "remains", "remain", "stays")))
	add(phrase(PersonAsCause, "accountable", when(heldAccountable)))
	add(phrase(PersonAsCause, "disciplinary|disciplined|reprimand|reprimanded", unlessPrev("more", "less", "most", "well", "a", "self")))
	// Judgement of people and their work, in words no system earns.
	add(phrase(Normative, "rubber-stamped|rubber-stamp|rubber-stamps|rubber-stamping|rubberstamped|rubberstamps|ill-advised|ill-considered|ill-judged|half-hearted|slipshod|lackadaisical|shoddy|shoddily|crappy|shitty"))
	add(phrase(Normative, "rubber stamped|stamp|stamping"))
	add(phrase(PersonAsCause, "screw-up|screw-ups|screwup|screwups|fuck-up|fuckup|fuck-ups|cock-up|cock-ups|balls-up|foul-up|foul-ups|mess-up|pebkac|pebcak|id10t|idiot|idiots|moron|morons|muppet|numpty|bozo|clueless"))
	add(phrase(PersonAsCause, "layer 8|eight"))
	add(phrase(PersonAsCause, "impatient|overeager|over-eager|overzealous|over-zealous|cavalier|inattentive|reckless|careless|negligent|incompetent", when(personNext)))
	add(phrase(PersonAsCause, "was|were|is|are|got|get impatient|distracted|overconfident|tired|exhausted|complacent|reckless|lazy|sloppy|careless|negligent|unqualified|untrained|clueless|inexperienced", when(personSubject)))
	add(phrase(PersonAsCause, "lapse|lapses in|of judgement|judgment|attention|concentration|focus|care"))
	add(phrase(PersonAsCause, "error|errors|mistake|mistakes in|of judgement|judgment"))
	add(phrase(PersonAsCause, "obvious|careless|trivial|glaring|elementary|schoolboy|beginner|beginner's|novice|silly mistake|mistakes|error|errors|blunder|blunders|slip|slip-up"))
	add(phrase(PersonAsCause, "human mistake|mistakes|blunder|blunders", unlessNext(metricNouns...)))
	add(phrase(PersonAsCause, "human failure|failing|failings|slip|slips|slip-up"))
	add(phrase(PersonAsCause, "people problem|issue|failure"))
	add(phrase(PersonAsCause, "failure|failures|inattention|inaction|haste|incompetence|negligence|laziness|sloppiness|recklessness|ignorance|failings|misconfiguration|misjudgement|misjudgment|misstep|missteps|mishandling|misreading|shortcut|shortcuts", when(possessedByPerson)))
	add(phrase(PersonAsCause, "failure|failures|fault|error|errors|mistake|mistakes|lapse|oversight on the part of", when(personNext)))
	add(phrase(PersonAsCause, "on the part of", when(personNext)))
	add(phrase(PersonAsCause, "failure|failures of|by", when(personNext)))
	add(phrase(PersonAsCause, "due+to/attributable+to/attributed+to/result+of/triggered+by/blamed+on", when(personNextNotPossessive)))
	add(phrase(PersonAsCause, "comes|came|boils|boiled|come|boil|coming|boiling down to", when(oneOrPersonNext)))
	add(phrase(PersonAsCause, "traces|traced|trace|tracing back to", when(oneOrPersonNext)))
	add(phrase(PersonAsCause, "was|is|were|are the cause|problem|culprit/weak+link", when(personSubject)))
	add(phrase(PersonAsCause, "that's/that+is/that+was/this+one's/this+one+is/this+is/it's/it+is/it+was on me|him|her|them|you|us", unlessNext("for", "call", "the", "to")))
	add(phrase(PersonAsCause, "had|has|have no clue|idea", when(personSubject)))
	add(phrase(PersonAsCause, "what he|she|they|you was|were|is|are doing"))
	add(phrase(PersonAsCause, "what he's|she's|they're|you're doing"))
	add(phrase(PersonAsCause, "took|takes|taking too long", when(personSubject)))
	add(phrase(PersonAsCause, "dragged|drag|dragging|drags his|her|their|our|my|your feet|heels"))
	add(phrase(PersonAsCause, "jumped|jumping|jumps the gun"))
	add(phrase(PersonAsCause, "went|gone|goes|going rogue"))
	add(phrase(PersonAsCause, "forgets|misses|skips|ignores|overlooks|neglects", when(personSubject)))
	add(phrase(PersonAsCause, "missed|overlooked", when(passiveNoSystemAgent)))
	add(phrase(PersonAsCause, "disregarding|disregards|neglecting|omitted|omitting", when(personInvolved)))
	add(phrase(PersonAsCause, "whoever wrote|merged|approved|pushed|deployed|shipped|reviewed|configured|set|changed|broke|left|turned|disabled|enabled|deleted|removed|dropped|ran|forgot|ignored|skipped|made|decided|thought|put|touched"))
	add(phrase(Counterfactual, "nobody/no+one/noone checked|tested|reviewed|verified|read|looked|bothered|thought|cared|tried|listened|followed|asked", when(unexplained)))
	add(phrase(Counterfactual, "should've/should+have been escalated|noticed|checked|reviewed|tested|caught|spotted|flagged|verified|read|investigated|acknowledged|communicated|raised|questioned", when(noAgentOrPerson)))
	add(phrase(Counterfactual, "obvious in|with hindsight|retrospect"))
	add(phrase(Counterfactual, "signs|signals were|was all|clearly there"))
	add(phrase(Counterfactual, "signs|signals were|was there"))
	add(phrase(Minimiser, "no-brainer|no-brainers"))
	add(phrase(Minimiser, "not rocket science"))
	add(phrase(Minimiser, "how+hard+is+it/how+hard+was+it/how+hard+can+it+be"))
	add(phrase(Minimiser, "only had|needed to", when(personSubject)))
	add(phrase(Normative, "even a|an child|intern|junior|beginner|newbie|novice could|would"))
	add(phrase(Normative, "no excuse|excuses"))
	add(phrase(Counterfactual, "benefit of hindsight", suggest("hindsight shows what was unknowable then: describe what people saw at the time")))
	add(phrase(Normative, "was|were|is|are wrong|garbage|trash|rubbish|junk|crap|awful|terrible|horrible|atrocious|inexcusable", when(personSubject)))
	add(phrase(PersonAsCause, "asleep on the+job/this/that/it"))
	add(phrase(PersonAsCause, "blew|blow|blows|blowing off", when(personSubject)))
	add(phrase(Normative, "self-own|own-goal"))
	add(phrase(Normative, "own goal"))
	add(phrase(Normative, "can't/cannot/can+not/couldn't trust", when(personNext)))
	add(phrase(Normative, "bright|brilliant|great|genius idea|ideas", when(ideaOfPerson)))
	add(phrase(Normative, "the|some|our|this genius|geniuses|wizard|wizards|hero|heroes who"))
	add(phrase(BeMoreCareful, "be|get|been|getting fired|sacked|punished|disciplined"))
	add(phrase(Normative, "heads will|should|must|would roll/are+going+to+roll"))
	add(phrase(Normative, "epic fail|failure|fails"))
	add(phrase(Normative, "facepalm|face-palm|smh"))
	add(phrase(PersonAsCause, "fail|fails by|from", when(personNext)))
	add(phrase(Normative, "phoned|phoning|phones|phone it in"))
	add(phrase(PersonAsCause, "consequence|result of", when(personNext), unlessPrev("a", "the")))
	add(phrase(PersonAsCause, "direct|sole|entire|inevitable consequence|result of", when(personNext)))
	add(phrase(PersonAsCause, "courtesy of", when(personNext)))
	add(phrase(PersonAsCause, "mess|messes|shambles", when(personInvolved)))
	add(phrase(Normative, "seasoned|competent|good|decent|real|proper|experienced|careful|sensible|smart|better", when(personThenWould)))
	add(phrase(PersonAsCause, "between the keyboard and the chair"))
	add(phrase(PersonAsCause, "responsible", when(personHeadBefore), unlessNext("for", "to")))
	add(phrase(PersonAsCause, "in question", when(personHeadBefore)))
	add(phrase(Normative, "been|was|were|be removed|suspended|fired|dismissed|terminated|sacked|demoted|benched", when(personSubject)))
	add(phrase(PersonAsCause, "slept|sleeping|sleeps through", when(personSubject)))
	add(phrase(BeMoreCareful, "received|receive|receives|given|give|get|got|gets additional|more|extra|further|remedial|refresher training|coaching"))
	add(phrase(Counterfactual, "nobody|noone", when(nobodyDoesTheirPart)))
	add(phrase(Counterfactual, "no one", when(nobodyDoesTheirPart)))
	add(phrase(PersonAsCause, "classic", when(classicMove)))
	add(phrase(PersonAsCause, "because", when(badEventBecausePerson)))
	add(phrase(PersonAsCause, "lies|lay|rests|rested|sits|sat with", when(blameLiesWithPerson)))
	add(phrase(PersonAsCause, "mistake|mistakes|error|errors|blunder|blunders|oversight|slip|misjudgement|misjudgment by", when(personNext)))
	add(phrase(PersonAsCause, "mistake|mistakes|error|errors|blunders were|was made", when(noAgentOrPerson)))
	add(phrase(BeMoreCareful, "been|was|were|be spoken|talked to"))
	add(phrase(Normative, "was|were told not to", when(personSubject)))
	add(phrase(Normative, "did|does|do it|so anyway|regardless"))
	add(phrase(Normative, "an afterthought"))
	add(phrase(Counterfactual, "didn't/did+not/never/doesn't/does+not understand|grasp|appreciate", when(personSubject)))
	add(phrase(PersonAsCause, "let down by", when(personNext)))
	add(phrase(PersonAsCause, "wouldn't/would+not/won't/will+not/refused+to/refuses+to/refusing+to pick|answer|respond|ack|acknowledge|escalate|listen|help|engage|join", when(personSubject)))
	add(phrase(Normative, "serious|major|grave|huge|big|significant|unforgivable|inexcusable lapse|lapses"))
	add(phrase(PersonAsCause, "that's/it's/this+is/that+is/it+is/this+one's/that+one's/that+was/it+was on", when(personNextNotPossessive)))
	add(phrase(Normative, "half a brain"))
	add(phrase(Normative, "had|has|have one job"))
	add(phrase(Counterfactual, "didn't/did+not/never/wasn't/was+not even", when(personSubject)))
	add(phrase(PersonAsCause, "wasted|wasting|wastes|squandered", when(personSubject)))
	add(phrase(PersonAsCause, "lost|losing|loses track|sight|focus|control", when(personSubject)))
	add(phrase(Normative, "took|take|takes|taking it upon himself|herself|themselves|themself|myself|ourselves"))
	add(phrase(Normative, "had|has|have no business"))
	add(phrase(Normative, "was|is|were a joke|farce|shambles|circus|clown-show|shitshow"))
	add(phrase(Normative, "notorious|infamous"))
	add(phrase(Normative, "known for skipping|ignoring|cutting|breaking|forgetting|rushing|missing|bypassing|pushing", when(personSubject)))
	add(phrase(Normative, "unsupervised", when(personSubjectOrClause), unlessNext("learning", "clustering", "model", "models")))
	add(phrase(Normative, "unchecked", when(personSubjectOrClause), unlessNext("nil", "null", "error", "errors", "return", "returns", "exception",
		"exceptions", "input", "inputs", "cast", "casts", "access", "growth", "arithmetic", "overflow", "pointer", "value", "values", "call", "calls")))
	add(phrase(PersonAsCause, "mistake|mistakes|error|errors no+one/nobody/noone/anyone should|would|could"))
	add(phrase(Normative, "self-inflicted|off-script|amateur-hour"))
	add(phrase(Normative, "amateur hour"))
	add(phrase(Normative, "went|gone|going|goes off script"))
	add(phrase(Normative, "waved|waving|waves it|this|that|them through"))
	add(phrase(Normative, "waved|waving|waves through"))
	add(phrase(PersonAsCause, "sat|sitting|sits on it|the|this|that|their|his|her", when(personSubject)))
	add(phrase(PersonAsCause, "lied|lying|lies", when(personSubject)))
	add(phrase(PersonAsCause, "was|were|is|are useless|worthless|hopeless|clueless|incompetent", when(personSubject)))
	add(phrase(PersonAsCause, "cost|costs|costing us/the+team/the+company/the+business", when(personSubject)))
	add(phrase(PersonAsCause, "took|take|taking|takes a|the|another shortcut|shortcuts", when(personSubject)))
	add(phrase(PersonAsCause, "fault|faults|doing of", when(personNext)))
	add(phrase(BeMoreCareful, "feedback for|to", when(personNext)))
	add(phrase(Minimiser, "had|needed to do was|is", when(allBefore)))
	add(phrase(Normative, "below/short+of/beneath an|the|our|any acceptable|expected|required|reasonable|professional standard|standards|bar", when(notSystemClause)))
	add(phrase(Normative, "not up to scratch|par|standard|snuff"))
	add(phrase(Normative, "substandard|sub-standard"))
	add(phrase(QuestionAtPerson, "what was he|she|they|you thinking"))
	add(phrase(QuestionAtPerson, "why on+earth/the+hell/the+heck/the+fuck/tf/wtf/tf+is/tf+did"))
	add(phrase(QuestionAtPerson, "who thought|decided|okayed|ok'd/signed+off"))
	add(phrase(SingleRootCause, "the root of the problem|issue|incident|outage|failure", unlessPrev("for", "address", "fix", "fixing", "addressing", "tackle", "tackling", "at", "to")))
	add(phrase(SingleRootCause, "the/the+real/the+sole/the+actual/the+one cause was|is",
		unlessNext("still", "under", "unknown", "unclear", "not", "being", "yet", "currently", "as", "described", "discussed", "listed", "twofold", "threefold", "complex", "several", "multiple",
			"known", "understood", "clear")))
	add(phrase(Counterfactual, "didn't/did+not/doesn't/does+not/never do his|her|their|your|our|the job|homework|diligence/due+diligence"))
	// Minimisers.
	add(phrase(Minimiser, "just", when(notChatNews), unlessNext("before", "after", "now", "as", "over", "under", "about", "below", "above",
		"fyi", "so", "checking", "wanted", "letting", "noting", "confirming", "curious", "wondering", "joined", "landed", "happened",
		"prior", "then", "like", "in", "ahead", "past", "shy", "short", "once"),
		unlessPrev("not", "and", "had", "has", "have", "'ve", "'d")))
	add(phrase(Minimiser, "simply|merely|obviously|trivially", when(notSystemActor), unlessNext("put", "stated"), unlessPrev("it", "quite")))
	add(phrase(Minimiser, "of course"))
	add(phrase(Minimiser, "it|that was obvious"))
	add(phrase(Minimiser, "all|what you|they|he|she|we had to do"))
	add(phrase(Minimiser, "should have been obvious|clear|easy"))
	add(phrase(Minimiser, "should've been obvious|clear|easy"))
	// Questions aimed at people.
	// "Why didn't the engineer ...", "how could anyone ...": a question about
	// a person's choice asks them to justify it.
	add(phrase(QuestionAtPerson, "why didn't|did|wasn't|weren't|hadn't|haven't|couldn't|wouldn't|would|could|was|were|do|does|don't|doesn't/did+not/was+not", withPerson, when(whyAccuses)))
	add(phrase(QuestionAtPerson, "how", when(howBlame)))
	add(phrase(QuestionAtPerson, "how+on+earth/how+the+hell/how+the+heck/how+the+fuck/how+in+the+world"))
	add(phrase(QuestionAtPerson, "what possessed him|her|them|you|anyone|someone"))
	add(phrase(QuestionAtPerson, "did|does|do|was|were|is|has|had anyone|anybody|nobody|someone|somebody|you|he|she|they even|actually|really|bother"))
	add(phrase(Normative, "is it too much to ask", suggest(sugSarcasm)))
	add(phrase(Normative, "always", when(alwaysPerson), suggest(sugSarcasm)))
	add(phrase(QuestionAtPerson, "who broke|caused|pushed|missed|approved|allowed|let|merged|shipped|deployed|forgot|ignored|deleted|dropped|nuked|wiped|disabled|killed|removed|touched|truncated|overwrote|yolo'd"))
	add(phrase(QuestionAtPerson, "who is|was responsible"))
	add(phrase(QuestionAtPerson, "whose fault|mistake"))
	add(phrase(QuestionAtPerson, "what were you|they|he|she thinking"))
	// A single root cause.
	add(phrase(SingleRootCause, "root cause|caused", unlessNext("analysis", "analyses", "rca"), unlessPrev(qualifiedCause...)))
	add(phrase(SingleRootCause, "root-cause|root-caused", unlessNext("analysis", "analyses", "rca"), unlessPrev(qualifiedCause...)))
	add(phrase(SingleRootCause, "primary|sole|single|real|underlying cause", unlessPrev(qualifiedCause...)))
	add(phrase(SingleRootCause, "the cause of the|this incident|outage|failure"))
	// Normative judgement.
	add(phrase(Normative, "improper|improperly|inappropriate|inappropriately|unacceptable|inexcusable|irresponsible|reckless|recklessly|unprofessional|sloppiness|cowboy"))
	add(phrase(Normative, "poor|bad|wrong|questionable judgement|judgment|decision|decisions|decision-making|call|calls|choice|choices|attitude|follow-through|planning|communication|coordination|execution|preparation|leadership|management|oversight|handling", when(noSystemAgent)))
	add(phrase(Normative, "poorly|badly|shoddily|incompetently written|tested|reviewed|designed|planned|implemented|executed|handled|documented|thought|managed|communicated|coded|done|chosen|maintained|configured|prepared"))
	add(phrase(Normative, "poor|shoddy|sloppy|lazy|bad|terrible|awful|subpar|sub-par|careless|amateur work|job|craftsmanship|engineering|workmanship|effort"))
	add(phrase(Normative, "didn't/did+not/failure+to/failed+to follow|read the|our procedure|process|runbook|policy|playbook|rules|docs|documentation|instructions"))
	add(phrase(Normative, "violated|disregarded|flouted|circumvented", when(rulesAhead)))
	add(phrase(Normative, "ignored|bypassed|broke the|our procedure|process|runbook|policy|playbook|rules"))
	add(phrase(Normative, "was|were not|never followed"))
	add(phrase(Normative, "wasn't|weren't followed"))
	// "verifies each alert against the runbook index" compares.
	add(phrase(Normative, "against/contrary+to the|our procedure|process|runbook|policy|playbook|rules", unlessNext("index", "list", "schema", "catalogue", "catalog", "entries", "steps", "template")))
	add(phrase(Normative, "without permission|authorization|authorisation|sign-off"))
	add(phrase(Normative, "deviated from"))
	add(phrase(Normative, "should never"))
	// Follow-ups that ask people to be more careful.
	add(phrase(BeMoreCareful, "be more|extra careful|vigilant|cautious|diligent|attentive|mindful"))
	add(phrase(BeMoreCareful, "be careful|vigilant|cautious|diligent|attentive"))
	add(phrase(BeMoreCareful, "more carefully|cautiously|diligently"))
	add(phrase(BeMoreCareful, "pay more|closer attention"))
	add(phrase(BeMoreCareful, "take more care"))
	add(phrase(BeMoreCareful, "try harder"))
	add(phrase(BeMoreCareful, "remember to"))
	add(phrase(BeMoreCareful, "double-check|double-checks"))
	add(phrase(BeMoreCareful, "double check|checks"))
	add(phrase(BeMoreCareful, "remind everyone|people|engineers|responders|staff|folks|the|them|him|her|developers|operators", when(notReminderOfEvent)))
	add(phrase(BeMoreCareful, "retrain|re-train|retraining|re-training|retrained", when(notModelRetrained)))
	add(phrase(BeMoreCareful, "additional|more|better|further training for|on"))
	lexicon(add)

	index := map[string][]rule{}
	for _, r := range all {
		for _, first := range r.words[0] {
			index[first] = append(index[first], r)
		}
	}
	return index
})

// metricNouns follow "user error" when it is a measurement, not a verdict.
var metricNouns = []string{"rate", "rates", "ratio", "count", "counts", "budget", "budgets", "metric", "metrics",
	"percentage", "spike", "spikes", "graph", "graphs", "dashboard", "message", "messages", "code", "codes",
	"page", "pages", "log", "logs", "alert", "alerts", "threshold", "thresholds", "response", "responses", "handling", "class", "classes",
	"pattern", "patterns", "type", "types"}

// qualifiedCause before "root cause" makes it one of several, or none.
var qualifiedCause = []string{"several", "multiple", "many", "various", "two", "three", "no", "single", "a", "contributing", "any", "different", "other"}

// ruleStarts holds, by first byte, the lengths of the words that start a
// rule (63 standing for 63 or more): most words of chat have no rule, and
// asking this is far cheaper than hashing them for the map.
var ruleStarts = sync.OnceValue(func() *[256]uint64 {
	var set [256]uint64
	for first := range rules() {
		set[first[0]] |= 1 << min(len(first), 63)
	}
	return &set
})

func mayStartRule(w []byte) bool {
	return ruleStarts()[w[0]]&(1<<min(len(w), 63)) != 0
}

// Lint checks a Markdown document (a review draft, a published report).
// It reads only the author's prose: front matter, code, block quotes,
// quoted speech, HTML comments and URLs are skipped, since words quoted
// from others or from machines are not the author's framing.
func Lint(doc []byte) []Finding {
	var l linter
	return l.lint(doc, mask(doc, true))
}

// LintText checks one note. Code spans, quotes and URLs are skipped.
func LintText(s string) []Finding {
	var l linter
	return l.text(s)
}

// linter keeps its buffers between texts, so that linting the 100,000
// notes of a long incident allocates almost nothing.
type linter struct {
	doc   []byte // the text being linted
	lower []byte // the words, lower-cased, typographic apostrophes made plain
	toks  []token
}

type token struct {
	from, to   int  // the word in linter.lower
	start, end int  // byte offsets in the document
	joined     bool // only spaces or emphasis marks separate it from the previous token
}

func (l *linter) text(s string) []Finding {
	l.doc = append(l.doc[:0], s...)
	return l.lint(l.doc, mask(l.doc, false))
}

func (l *linter) word(t token) []byte { return l.lower[t.from:t.to] }

// wordWithin reports whether one of words is among the span tokens from
// token from on.
func (l *linter) wordWithin(from, span int, words ...string) bool {
	for k := from; k < len(l.toks) && k < from+span; k++ {
		if contains(words, l.word(l.toks[k])) {
			return true
		}
	}
	return false
}

// wordJoinedWithin is wordWithin that stops at the first token not joined
// to the one before it (a comma or full stop between them).
func (l *linter) wordJoinedWithin(from, span int, words ...string) bool {
	for k := from; k < len(l.toks) && k < from+span && l.toks[k].joined; k++ {
		if contains(words, l.word(l.toks[k])) {
			return true
		}
	}
	return false
}

func (l *linter) lint(doc, masked []byte) []Finding {
	l.doc = doc
	l.tokenize(masked)
	toks := l.toks
	var out []Finding
	for i := 0; i < len(toks); {
		if f, ok := l.scareQuoted(doc, masked, i); ok {
			out = append(out, f)
		}
		w := l.word(toks[i])
		if !mayStartRule(w) {
			if f, ok := l.judgedCompound(doc, i); ok {
				out = append(out, f)
			}
			i++
			continue
		}
		candidates := rules()[string(w)]
		best, n := -1, 0
		for k := range candidates {
			if m := l.match(&candidates[k], i); m > n {
				best, n = k, m
			}
		}
		if best < 0 {
			if f, ok := l.judgedCompound(doc, i); ok {
				out = append(out, f)
			}
			i++
			continue
		}
		r := &candidates[best]
		start, end := toks[i].start, toks[i+n-1].end
		line, col := position(doc, start)
		sug := r.suggestion
		if sug == "" {
			sug = suggestions[r.cat]
		}
		out = append(out, Finding{
			Line: line, Col: col, Category: r.cat, Suggestion: sug,
			Phrase: strings.Join(strings.Fields(string(doc[start:end])), " "),
		})
		i += n
	}
	return out
}

// judgedCompound: a hyphenated word led by a word of judgement
// ("cowboy-deploying", "reckless-looking"): the normative one-word rules
// apply to its first part. Other categories do not ("blame-free").
func (l *linter) judgedCompound(doc []byte, i int) (Finding, bool) {
	w := l.word(l.toks[i])
	dash := bytes.IndexByte(w, '-')
	if dash <= 0 {
		return Finding{}, false
	}
	// "rage-deployed", "panic-merged": a verb led by a temper.
	switch string(w[:dash]) {
	case "rage", "panic", "yolo", "cowboy", "drunk", "blind":
		t := l.toks[i]
		line, col := position(doc, t.start)
		return Finding{Line: line, Col: col, Category: Normative, Suggestion: sugAttitude, Phrase: string(doc[t.start:t.end])}, true
	}
	if !mayStartRule(w[:dash]) {
		return Finding{}, false
	}
	for _, r := range rules()[string(w[:dash])] {
		if r.cat != Normative || len(r.words) != 1 || r.about != nil || r.withPerson || len(r.unlessNext)+len(r.unlessPrev) > 0 {
			continue
		}
		t := l.toks[i]
		line, col := position(doc, t.start)
		sug := r.suggestion
		if sug == "" {
			sug = suggestions[r.cat]
		}
		return Finding{Line: line, Col: col, Category: r.cat, Suggestion: sug, Phrase: string(doc[t.start:t.end])}, true
	}
	return Finding{}, false
}

func contains(words []string, w []byte) bool {
	for _, x := range words {
		if x == string(w) {
			return true
		}
	}
	return false
}

// match returns how many tokens from l.toks[i] the rule covers, or 0.
func (l *linter) match(r *rule, i int) int {
	toks := l.toks
	// The first word is the index's key: the rule was found by it.
	k := i + 1
	for _, alts := range r.words[1:] {
		if k >= len(toks) || !toks[k].joined {
			return 0
		}
		w := l.word(toks[k])
		if !contains(alts, w) {
			// One adverb may sit inside a phrase: "could easily have
			// been prevented", "should really have".
			if !isAdverb(w) || k+1 >= len(toks) || !toks[k+1].joined || !contains(alts, l.word(toks[k+1])) {
				return 0
			}
			k++
		}
		k++
	}
	n := k - i
	if end := i + n; end < len(toks) && toks[end].joined && contains(r.unlessNext, l.word(toks[end])) {
		return 0
	}
	if i > 0 && toks[i].joined && contains(r.unlessPrev, l.word(toks[i-1])) {
		return 0
	}
	if r.about != nil && !r.about(l, i, n) {
		return 0
	}
	if r.withPerson {
		ref, at := l.nounAt(i + n)
		if ref != personRef && ref != nameRef {
			return 0
		}
		return at - i + 1
	}
	return n
}

// isAdverb: a word in -ly ("easily", "really"), which can sit inside a
// phrase without changing what it says.
func isAdverb(w []byte) bool {
	if len(w) > 4 && w[len(w)-2] == 'l' && w[len(w)-1] == 'y' {
		return true
	}
	switch string(w) {
	case "def", "defo", "prob", "probs", "kinda", "sorta", "lowkey", "100", "very", "quite", "rather", "pretty", "so", "even", "just", "still", "perhaps", "maybe":
		return true
	}
	return false
}

// tokenize splits masked text into words. Apostrophes and hyphens inside
// a word keep it whole, so "just-in-time" is not "just".
func (l *linter) tokenize(b []byte) {
	l.lower, l.toks = l.lower[:0], l.toks[:0]
	joined, newlines := false, 0
	for i := 0; i < len(b); {
		r, size := rune(b[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(b[i:])
		}
		if !isWordRune(r) {
			switch r {
			case '\n':
				// A blank line ends a paragraph, and any phrase with it.
				if newlines++; newlines > 1 {
					joined = false
				}
			case ' ', '\t', '\r', '*', '_', '~', '%':
			default:
				joined = false // punctuation or a masked span ends a phrase
			}
			i += size
			continue
		}
		newlines = 0
		start, from := i, len(l.lower)
		for i < len(b) {
			switch c := b[i]; {
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
				l.lower = append(l.lower, c)
				i++
				continue
			case 'A' <= c && c <= 'Z':
				l.lower = append(l.lower, c+'a'-'A')
				i++
				continue
			}
			r, size := rune(b[i]), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRune(b[i:])
			}
			if isWordRune(r) {
				l.lower = utf8.AppendRune(l.lower, unicode.ToLower(r))
				i += size
				continue
			}
			// A time or a number stays one word: "4:55pm", "2,400", "3.5".
			if (r == ':' || r == ',' || r == '.') && i > start && '0' <= b[i-1] && b[i-1] <= '9' && i+1 < len(b) && '0' <= b[i+1] && b[i+1] <= '9' {
				l.lower = append(l.lower, byte(r))
				i++
				continue
			}
			if r == '\'' || r == '’' || r == '-' {
				nr, _ := utf8.DecodeRune(b[i+size:])
				if isWordRune(nr) {
					if r == '-' {
						l.lower = append(l.lower, '-')
					} else {
						l.lower = append(l.lower, '\'')
					}
					i += size
					continue
				}
			}
			break
		}
		// "w/o", chat's "without".
		if i-start == 1 && (b[start] == 'w' || b[start] == 'W') && i+1 < len(b) && b[i] == '/' && (b[i+1] == 'o' || b[i+1] == 'O') &&
			(i+2 == len(b) || !isWordRune(rune(b[i+2]))) {
			l.lower = append(l.lower[:from], "without"...)
			i += 2
		}
		// Chat's "cuz": the explanation the rules look for.
		if w := l.lower[from:]; len(w) == 3 && (string(w) == "cuz" || string(w) == "coz") {
			l.lower = append(l.lower[:from], "because"...)
		}
		if w := l.lower[from:]; len(w) >= 4 && w[len(w)-1] == 't' && w[len(w)-2] == 'n' || len(w) >= 6 && w[len(w)-1] == 'e' && w[len(w)-2] == 'v' ||
			len(w) >= 5 && len(w) <= 7 && w[len(w)-1] == 'a' && w[len(w)-2] == 'd' {
			l.lower = append(l.lower[:from], apostrophe(w)...)
		}
		l.toks = append(l.toks, token{from: from, to: len(l.lower), start: start, end: i, joined: joined && len(l.toks) > 0})
		joined = true
	}
}

// apostrophe restores the apostrophe chat leaves out ("didnt",
// "shouldve"), so that the rules read such words as they are meant.
func apostrophe(w []byte) []byte {
	switch string(w) {
	case "didnt", "doesnt", "dont", "wasnt", "werent", "hadnt", "hasnt", "havent", "isnt", "arent",
		"shouldnt", "couldnt", "wouldnt", "mustnt":
		return append(w[:len(w)-1:len(w)-1], '\'', 't')
	case "shouldve", "couldve", "wouldve", "mightve", "mustve":
		return append(w[:len(w)-2:len(w)-2], '\'', 'v', 'e')
	case "cant", "wont":
		return append(w[:len(w)-1:len(w)-1], '\'', 't')
	case "shoulda", "coulda", "woulda":
		return append(w[:len(w)-1:len(w)-1], '\'', 'v', 'e')
	}
	return w
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9')
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// position turns a byte offset into a 1-based line and byte column.
func position(doc []byte, off int) (line, col int) {
	line = 1 + strings.Count(string(doc[:off]), "\n")
	lineStart := strings.LastIndexByte(string(doc[:off]), '\n') + 1
	return line, off - lineStart + 1
}

// masked marks bytes the lint must not read. Newlines survive, so offsets
// and lines stay true.
const masked = 0

// mask copies doc with what is not the author's prose blanked out: front
// matter and fenced code (document only), block quotes, code spans, HTML
// comments and tags, link destinations, bare URLs and quoted speech.
func mask(doc []byte, document bool) []byte {
	// The ASCII marks apart from the curly quote: a set of ASCII bytes is
	// searched many times faster than one with a multi-byte rune in it.
	if !document && !bytes.ContainsAny(doc, "`<]\">") && !bytes.Contains(doc, []byte("“")) && !bytes.Contains(doc, []byte("http")) {
		return doc // a plain note: nothing to skip
	}
	b := slices.Clone(doc)
	blank := func(from, to int) {
		for k := from; k < to && k < len(b); k++ {
			if b[k] != '\n' {
				b[k] = masked
			}
		}
	}
	lines := splitLines(b)
	fence := ""
	for n, ln := range lines {
		text := string(b[ln.start:ln.end])
		trimmed := strings.TrimLeft(text, " \t")
		switch {
		case document && n == 0 && strings.TrimRight(text, " \r") == "---":
			end := len(lines)
			for m := 1; m < len(lines); m++ {
				if t := strings.TrimRight(string(b[lines[m].start:lines[m].end]), " \r"); t == "---" || t == "..." {
					end = m
					break
				}
			}
			for m := 0; m <= end && m < len(lines); m++ {
				blank(lines[m].start, lines[m].end)
			}
		case fence != "":
			blank(ln.start, ln.end)
			if strings.HasPrefix(trimmed, fence) && strings.Trim(trimmed, fence[:1]+" \r") == "" {
				fence = ""
			}
		case strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~"):
			run := len(trimmed) - len(strings.TrimLeft(trimmed, trimmed[:1]))
			fence = strings.Repeat(trimmed[:1], run)
			blank(ln.start, ln.end)
		case strings.HasPrefix(trimmed, ">"):
			blank(ln.start, ln.end)
		}
	}
	maskInline(b, blank)
	return b
}

type span struct{ start, end int }

func splitLines(b []byte) []span {
	var out []span
	start := 0
	for i, c := range b {
		if c == '\n' {
			out = append(out, span{start, i})
			start = i + 1
		}
	}
	return append(out, span{start, len(b)})
}

func maskInline(b []byte, blank func(from, to int)) {
	s := string(b) // a snapshot: blanking b does not move offsets
	for i := 0; i < len(s); {
		switch {
		case s[i] == '`':
			run := len(s[i:]) - len(strings.TrimLeft(s[i:], "`"))
			if end := strings.Index(s[i+run:], s[i:i+run]); end >= 0 && !strings.Contains(s[i+run:i+run+end], "\n\n") {
				stop := i + run + end + run
				blank(i, stop)
				i = stop
				continue
			}
			i += run
			continue
		case strings.HasPrefix(s[i:], "<!--"):
			end := strings.Index(s[i:], "-->")
			stop := len(s)
			if end >= 0 {
				stop = i + end + 3
			}
			blank(i, stop)
			i = stop
			continue
		case s[i] == '<' && i+1 < len(s) && (isASCIILetter(s[i+1]) || s[i+1] == '/'):
			if end := strings.IndexAny(s[i:], ">\n"); end > 0 && s[i+end] == '>' {
				blank(i, i+end+1)
				i += end + 1
				continue
			}
		case strings.HasPrefix(s[i:], "]("):
			if end := strings.IndexAny(s[i:], ")\n"); end > 0 && s[i+end] == ')' {
				blank(i, i+end+1)
				i += end + 1
				continue
			}
		case strings.HasPrefix(s[i:], "http://") || strings.HasPrefix(s[i:], "https://"):
			end := strings.IndexAny(s[i:], " \t\n)>")
			if end < 0 {
				end = len(s) - i
			}
			blank(i, i+end)
			i += end
			continue
		case s[i] == '"' || strings.HasPrefix(s[i:], "“"):
			open, close := `"`, `"`
			if s[i] != '"' {
				open, close = "“", "”"
			}
			rest := s[i+len(open):]
			if end := strings.Index(rest, close); end >= 0 && !strings.Contains(rest[:end], "\n\n") {
				stop := i + len(open) + end + len(close)
				if scareQuote(s, i, rest[:end]) {
					// Sarah's "quick fix": the author's own words in
					// quotation marks, read as the author's.
					for k := i; k < i+len(open); k++ {
						b[k] = ' '
					}
					for k := stop - len(close); k < stop; k++ {
						b[k] = ' '
					}
				} else {
					blank(i, stop)
				}
				i = stop
				continue
			}
			i += len(open)
			continue
		}
		i++
	}
}

func isASCIILetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

// forms gives each verb of a list in all its forms, as alternatives of one
// pattern word: "ignore skip*" is "ignore|ignores|ignored|ignoring|skip|
// skips|skipped|skipping". A "*" doubles the last consonant; an irregular
// verb lists its past and participle: "forget*:forgot:forgotten".
func forms(list string) string {
	var out []string
	for _, spec := range strings.Fields(list) {
		parts := strings.Split(spec, ":")
		base := parts[0]
		double := strings.HasSuffix(base, "*")
		base = strings.TrimSuffix(base, "*")
		var third, past, ing string
		n := len(base)
		switch {
		case double:
			third, past, ing = base+"s", base+base[n-1:]+"ed", base+base[n-1:]+"ing"
		case strings.HasSuffix(base, "ee"):
			third, past, ing = base+"s", base+"d", base+"ing"
		case strings.HasSuffix(base, "e"):
			third, past, ing = base+"s", base+"d", base[:n-1]+"ing"
		case n > 1 && base[n-1] == 'y' && !strings.ContainsRune("aeiou", rune(base[n-2])):
			third, past, ing = base[:n-1]+"ies", base[:n-1]+"ied", base+"ing"
		case strings.HasSuffix(base, "s") || strings.HasSuffix(base, "sh") || strings.HasSuffix(base, "ch") || strings.HasSuffix(base, "x") || strings.HasSuffix(base, "z"):
			third, past, ing = base+"es", base+"ed", base+"ing"
		default:
			third, past, ing = base+"s", base+"ed", base+"ing"
		}
		out = append(out, base, third, ing, base+"'d") // chat's "yolo'd"
		if len(parts) > 1 {
			out = append(out, parts[1:]...)
		} else {
			out = append(out, past)
		}
	}
	return strings.Join(slices.Compact(out), "|")
}

// Suggestions for the lexicon's kinds of blame.
const (
	sugNeglect  = "say what competed for attention and what the signal looked like then, not that someone neglected it"
	sugReckless = "describe the action, what the person knew and expected, and what allowed it (no guard, no review, pressure)"
	sugAttitude = "describe what the person did and the situation they were in, not their character or motives"
	sugSarcasm  = "say plainly what happened: sarcasm assigns blame without saying so"
	sugAbsent   = "say where the signal went and who could see it, not that someone was away"
)

// lexicon adds rules built from lists of blame by kind: neglect,
// recklessness, attitude, absence, sarcasm. Verbs come in all their forms
// and need a person (a name, a role, a pronoun for people, a team) as the
// subject: the same verbs said of a system are not judged.
func lexicon(add func([]rule)) {
	// Neglect: a signal, a step or a warning set aside.
	add(phrase(PersonAsCause, forms("ignore disregard overlook neglect skim* snooze forget*:forgot:forgotten"), when(personSubject), suggest(sugNeglect)))
	add(phrase(PersonAsCause, forms("brush shrug* wave laugh blow:blew:blown")+" off|aside", when(notSystemSubject), suggest(sugNeglect)))
	add(phrase(PersonAsCause, forms("brush shrug* wave laugh blow:blew:blown")+" it|this|that|them|these|those off|aside", when(notSystemSubject), suggest(sugNeglect)))
	add(phrase(PersonAsCause, forms("gloss skate skim* breeze")+" over|past|through", when(personSubject), suggest(sugNeglect)))
	add(phrase(PersonAsCause, forms("tune")+" out", when(personSubject), suggest(sugNeglect)))
	add(phrase(PersonAsCause, forms("treat write:wrote:written chalk dismiss"), when(treatedAsNoise), suggest(sugNeglect)))
	add(phrase(PersonAsCause, forms("mark flag* classify:classified:classified label* tag* close file"), when(markedAsNoise), suggest(sugNeglect)))
	add(phrase(PersonAsCause, "couldn't/could+not/can't/cannot/can+not/wouldn't be bothered|arsed|assed|fussed|buggered", suggest(sugNeglect)))
	add(phrase(PersonAsCause, "paid|pays|paying|pay no|little|zero attention", suggest(sugNeglect)))
	add(phrase(PersonAsCause, "didn't/did+not/never/wasn't/was+not/weren't/were+not/hadn't/had+not bother|bothering|bothered", suggest(sugNeglect)))
	// Recklessness: force, haste, bravado.
	add(phrase(PersonAsCause, forms("force-push force-merge force-deploy yolo yeet cowboy bulldoze steamroll hot-patch hotpatch"), when(personSubjectUnexplained), suggest(sugReckless)))
	add(phrase(PersonAsCause, "force "+forms("push merge deploy"), when(personSubject), suggest(sugReckless)))
	add(phrase(PersonAsCause, forms("barrel* charge plough plow press")+" ahead|on", when(personSubject), suggest(sugReckless)))
	add(phrase(PersonAsCause, forms("wing")+" it", when(personSubject), suggest(sugReckless)))
	add(phrase(PersonAsCause, forms("shoot:shot:shot")+" from the hip", suggest(sugReckless)))
	add(phrase(PersonAsCause, forms("blow:blew:blown wipe nuke trash")+" away", when(notSystemSubject), suggest(sugReckless)))
	add(phrase(PersonAsCause, forms("clobber trample stomp wreck tank torch fry:fried:fried hose bork brick mangle"), when(personSubject), suggest(sugReckless)))
	add(phrase(PersonAsCause, forms("push ship* deploy merge yolo")+" straight|right to prod|production|main|master|live", when(personSubject), suggest(sugReckless)))
	add(phrase(PersonAsCause, forms("manage")+" to", when(damageOrNeglectAhead), suggest(sugReckless)))
	add(phrase(PersonAsCause, "without a second thought|care", suggest(sugReckless)))
	add(phrase(PersonAsCause, "carelessly|recklessly|blindly|hastily|rashly|sloppily|stupidly|foolishly|negligently|thoughtlessly|cluelessly|arrogantly|cavalierly|heedlessly|brazenly", suggest(sugReckless)))
	add(phrase(PersonAsCause, "casually|happily|cheerfully|merrily|gleefully|conveniently|blithely|nonchalantly|breezily|cheerily", when(personSubject), suggest(sugAttitude)))
	// Attitude: character and motives.
	add(phrase(Normative, forms("try:tried:tried")+" to be a|the hero|cowboy|hotshot|rockstar", suggest(sugAttitude)))
	add(phrase(Normative, forms("play")+" hero|cowboy/the+hero", suggest(sugAttitude)))
	add(phrase(Normative, "hero|cowboy|yolo mode", suggest(sugAttitude)))
	add(phrase(Normative, "went|go|goes|going|gone cowboy|yolo/full+cowboy", suggest(sugAttitude)))
	add(phrase(PersonAsCause, "too busy|lazy|proud|stubborn|arrogant|distracted|impatient|complacent|cocky|important|careless|sure", when(personSubject), unlessNext("with"), suggest(sugAttitude)))
	add(phrase(Normative, "wasn't/isn't/was+not/is+not/not his|her|their|my problem|concern|job", when(notSystemSubject), suggest(sugAttitude)))
	add(phrase(Normative, "above|below his|her|their pay grade", suggest(sugAttitude)))
	add(phrase(Normative, "had|has|have better things to do", suggest(sugAttitude)))
	add(phrase(Normative, "thought|decided|decides|figured|assumed|reckoned|deemed|judged|believed|felt", when(deemedFine), suggest(sugAttitude)))
	add(phrase(Normative, "thinks|thought|think he|she|they knew|knows|know better|best", suggest(sugAttitude)))
	add(phrase(PersonAsCause, "lax|cavalier|sloppy|lazy|clueless|cocky|complacent|oblivious|careless|reckless|negligent|incompetent|inept|hopeless|useless|thoughtless|irresponsible|unprofessional|naive|naïve|arrogant|stubborn|overconfident|dense|dim|lackadaisical|half-asleep",
		when(personSubjectAdjective), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "laziness|carelessness|sloppiness|incompetence|negligence|recklessness|arrogance|ignorance|inattention|complacency|haste|impatience|overconfidence|stupidity|inexperience|screw-up|screwup|fumble|brain-fart|brainfart|gaffe|goof|slip-up|cock-up|fuckup|fuck-up|meddling|tinkering|cluelessness|hubris|conduct|behaviour|behavior|attitude|temperament|demeanour|demeanor|indecision|indecisiveness|dithering|inaction|procrastination|refusal|reluctance|unwillingness|insistence|indifference|neglect|apathy|obstinacy|stubbornness",
		when(possessedByPerson), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "usual+suspect|suspects/repeat+offender|offenders", suggest(sugAttitude)))
	// Absence: someone away when needed.
	add(phrase(PersonAsCause, "went|gone|goes|going|go to lunch|bed|sleep|dinner/the+pub", when(absentUnexplained), suggest(sugAbsent)))
	add(phrase(PersonAsCause, "went|gone|goes|going|go|left|leaving on holiday|vacation|leave|pto", when(absentUnexplained), suggest(sugAbsent)))
	add(phrase(Normative, "declared|declares|declaring|declare victory", suggest(sugSarcasm)))
	add(phrase(Normative, "approved|approves|approving|merged|merges|merging|reviewed|reviews his|her|their own", when(personSubjectUnexplained), suggest(suggestions[Normative])))
	add(phrase(Normative, "over", when(overObjections), suggest(sugAttitude)))
	add(phrase(Normative, "with no|zero|little notice|warning|heads-up|communication", when(clauseOfPerson), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "to notice|respond|react|acknowledge|ack|escalate|reply|answer|realise|realize|spot|look|join|show|act|wake|check|get|start|roll|pick", when(tookHours), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "went|gone|goes|going|go dark|silent|quiet|awol|mia|missing|off-grid/home+early", when(absentUnexplained), suggest(sugAbsent)))
	add(phrase(PersonAsCause, forms("vanish disappear ghost wander"), when(absentUnexplained), suggest(sugAbsent)))
	add(phrase(PersonAsCause, "was|were awol|mia/nowhere+to+be+found", suggest(sugAbsent)))
	// Sarcasm: praise for damage, mock surprise.
	add(phrase(Normative, "great|nice|good|fantastic|stellar|excellent|brilliant|amazing|awesome|fine|outstanding job|work|going|one|move|stuff", when(sarcasticPraise), suggest(sugSarcasm)))
	add(phrase(Normative, "well+done/way+to+go/hats+off/bravo/kudos/props/thanks/thank+you/shout-out/shoutout/slow+clap", when(sarcasticPraise), suggest(sugSarcasm)))
	add(phrase(Normative, "thanks to", when(personThenDamage), suggest(sugSarcasm)))
	add(phrase(Normative, "thanks to", when(damageThenPerson), suggest(sugSarcasm)))
	add(phrase(Normative, "genius|galaxy-brain|galaxy-brained|big-brain|big-brained|brilliant|stellar|bold|smart|clever move|moves|play|plan|decision", when(notPraise), suggest(sugSarcasm)))
	add(phrase(Normative, "galaxy+brain|brained/big+brain|brained", suggest(sugSarcasm)))
	add(phrase(Normative, "what could possibly|ever go wrong", suggest(sugSarcasm)))
	add(phrase(Normative, "what could go wrong", suggest(sugSarcasm)))
	add(phrase(Normative, "who could|would have|'ve guessed|predicted|thought|imagined|known", suggest(sugSarcasm)))
	add(phrase(Normative, "who would've|could've guessed|predicted|thought|imagined|known", suggest(sugSarcasm)))
	add(phrase(Normative, "surprise+surprise/big+surprise/what+a+surprise/color+me/colour+me/shocker/shocking+i+know", suggest(sugSarcasm)))
	add(phrase(Normative, "strikes|struck|striking again", when(notSystemSubject), suggest(sugSarcasm)))
	add(phrase(Normative, "at+it+again/does+it+again/did+it+again/done+it+again", when(personSubject), suggest(sugSarcasm)))
	add(phrase(Normative, "guess+who/no+prizes+for+guessing/of+course+it+was/naturally+it+was", suggest(sugSarcasm)))
	// Counterfactuals in chat and in hindsight.
	add(phrase(Counterfactual, "should|could|would of", when(hindsightAboutPeople)))
	add(phrase(Counterfactual, "wouldn't/would+not/won't/would+never be here/in+this+mess/having+this+conversation/talking+about+this"))
	add(phrase(Counterfactual, "if", when(ifPersonJust)))
	add(phrase(Counterfactual, "had|if they|he|she|we|you|someone|somebody|anyone|anybody just|only|simply|actually|bothered|bother|cared"))
	add(phrase(Counterfactual, "were+it+not+for/if+it+weren't+for/if+it+wasn't+for/if+not+for/but+for", when(personNextNotPossessive)))
	// Lateness and absence implied: "finally wakes up", "apparently asleep".
	add(phrase(PersonAsCause, "finally|eventually", when(lateArrival), suggest(sugAbsent)))
	add(phrase(PersonAsCause, "apparently|evidently|clearly|obviously|presumably asleep|afk|awol|mia|absent|unaware|oblivious|busy|elsewhere|napping|sleeping", when(personSubject), suggest(sugAbsent)))
	add(phrase(PersonAsCause, "not|never paying|paid|pay attention", suggest(sugNeglect)))
	add(phrase(PersonAsCause, "contributed|contributes|contributing|added|adds|offered|offers nothing|little|zero", when(madeWorse), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "left|leaves|leaving", when(leftInState), suggest(sugNeglect)))
	add(phrase(PersonAsCause, "blunder|blunders|screwup|screw-up|screwups|fumble|fuck-up|fuckup|cock-up|goof|goof-up|slip-up|mistake|mistakes|mess|mess-up", when(responderHeadBefore), unlessNext(metricNouns...)))
	// Hindsight that the outcome was foreseeable.
	add(phrase(Counterfactual, "predictably|unsurprisingly", suggest("hindsight shows what was unknowable then: describe what people saw at the time")))
	add(phrase(Counterfactual, "should've/should+have/shouldn't+have/should+not+have/should+never+have/ought+to+have been scheduled|tested|reviewed|approved|rejected|reverted|rolled|staged|announced|planned|coordinated|documented|handled|done|postponed|delayed|deferred|cancelled|canceled|halted|paused|stopped|blocked|prioritised|prioritized|fixed|patched|renewed|replaced|upgraded|monitored|reported|discussed|considered|consulted|informed|notified|told|asked|merged|deployed|shipped|pushed|applied|run|made|taken|followed|sent|updated",
		when(hindsightPassive)))
	// Distrust of people: "don't let the juniors near prod".
	add(phrase(Normative, "don't/do+not/never/shouldn't/should+not let|allow", when(personNearProd), suggest(sugAttitude)))
	add(phrase(Normative, "no thanks to", suggest(sugSarcasm)))
	add(phrase(Normative, "yet+another/once+again/another", when(failureFromPerson), suggest(sugSarcasm)))
	// Chat: eye-rolls, nicknames for people, scolding.
	add(phrase(Normative, "eyeroll|eye-roll|eyerolls/roll+eyes/rolling+eyes/clown+face", suggest(sugSarcasm)))
	add(phrase(Normative, "brain+fart|farts/brainfart|brainfarts/brain-fart", suggest(sugAttitude)))
	add(phrase(PersonAsCause, "butterfingers|butter-fingers|butterfingered", suggest(sugAttitude)))
	add(phrase(Normative, "typical", when(personOrTeamNext), suggest(sugAttitude)))
	add(phrase(Normative, "being", when(sameNameAround), suggest(sugSarcasm)))
	add(phrase(Normative, "of all people", suggest(sugSarcasm)))
	add(phrase(Normative, "not the sharpest|brightest", suggest(sugAttitude)))
	add(phrase(Normative, "rtfm/read+the+fucking+manual/read+the+damn+docs/read+the+damn+manual", suggest(sugAttitude)))
	add(phrase(Normative, "was|were|is|are on autopilot", when(personSubject), suggest(sugAttitude)))
	add(phrase(Normative, "can't/cannot/couldn't/can+not even", when(personSubject), suggest(sugAttitude)))
	add(phrase(Normative, "need/needs/has+to/have+to/should/must learn|stop|quit", when(personSubjectThenVerb), suggest(sugAttitude)))
	add(phrase(BeMoreCareful, "get|gets|got their|his|her|your|our|its act together", suggest(suggestions[BeMoreCareful])))
	add(phrase(BeMoreCareful, "up/step+up their|his|her|your|our game", suggest(suggestions[BeMoreCareful])))
	add(phrase(BeMoreCareful, "need/needs/must/should/has+to/have+to do better", when(personSubject), suggest(suggestions[BeMoreCareful])))
	add(phrase(BeMoreCareful, "be|get|been|got|gets|getting written up", when(personSubject)))
	add(phrase(Normative, "told|tell you|them|him|her|ya|y'all so", suggest(sugSarcasm)))
	add(phrase(Normative, "i|we warned him|her|them|you", suggest(sugSarcasm)))
	add(phrase(Normative, "owes|owe|owed an/everyone+an/us+an/the+team+an apology", when(personSubject), suggest(sugAttitude)))
	add(phrase(Normative, "should/ought+to be ashamed|embarrassed", when(personSubject), suggest(sugAttitude)))
	add(phrase(Normative, "consequences for", when(personNext), suggest(sugAttitude)))
	add(phrase(QuestionAtPerson, "ask|asked|asking", when(personThenWhy)))
	add(phrase(QuestionAtPerson, "explain why he|she|they|you"))
	add(phrase(QuestionAtPerson, "what part of"))
	add(phrase(QuestionAtPerson, "what|wtf was|were|is|are", when(personThinking)))
	add(phrase(Minimiser, "obv|obvs|ofc", when(notSystemActor)))
	// Chat sarcasm and mockery.
	add(phrase(Normative, "which|what|some|this|that genius|idiot|clown|wizard|einstein|hero|rockstar|muppet|numpty/bright+spark", suggest(sugSarcasm)))
	add(phrase(Normative, "who in their right mind", suggest(sugSarcasm)))
	add(phrase(Normative, "gg|ty|thx|cheers|bravo|congrats|congratulations", when(damageAhead), suggest(sugSarcasm)))
	add(phrase(Normative, "this+is/that+is/this's/that's/thats what happens/you+get when|for|if", suggest(sugSarcasm)))
	add(phrase(Normative, "imagine not|never", suggest(sugSarcasm)))
	add(phrase(Normative, "again|still", when(shouted), suggest(sugSarcasm)))
	add(phrase(PersonAsCause, "testing|tested|test|tests in prod|production", when(testedInProd), suggest(sugReckless)))
	add(phrase(PersonAsCause, forms("ship* push deploy release merge deliver produce write:wrote:written hand:handed:handed"), when(shippedBroken), suggest(sugReckless)))
	add(phrase(Normative, "let|lets|letting|allow|allows|allowing|allowed", when(personNearProd), suggest(sugAttitude)))
	add(phrase(BeMoreCareful, "ban|banned|banning|bans", when(banOfPerson)))
	add(phrase(PersonAsCause, "is|was|are|were|it's|this's|that's|thats 100|totally|all|squarely|entirely|completely|definitely|def|fully|solely|purely on", when(personNextNotPossessive)))
	add(phrase(Normative, "in+the+middle+of/during+the/during+a", when(badTimingByPerson), suggest(sugAttitude)))
	add(phrase(QuestionAtPerson, "who", when(whoRhetorical)))
	// Passive aggression, shirking, going behind people's backs.
	add(phrase(Normative, "as previously|already communicated|stated|mentioned|explained", suggest(sugSarcasm)))
	add(phrase(Normative, "for the nth|hundredth|umpteenth|millionth|thousandth|zillionth time", suggest(sugSarcasm)))
	add(phrase(Normative, "for the third|fourth|fifth|sixth|tenth time", when(personUnexplained), suggest(sugSarcasm)))
	add(phrase(Normative, "how many times", suggest(sugSarcasm)))
	add(phrase(PersonAsCause, "let|lets|letting us|me|everyone|customers|users|them down", when(notSystemSubject), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "pull|pulls|pulled|pulling his|her|their|your|our weight", suggest(sugAttitude)))
	add(phrase(PersonAsCause, "passed|passing|pass|passes the buck", suggest(sugAttitude)))
	add(phrase(PersonAsCause, "cover|covered|covering|covers his|her|their|my|your tracks|ass|butt|backside", suggest(sugAttitude)))
	add(phrase(Normative, "behind our|everyone's|my|his|her|their back|backs", suggest(sugAttitude)))
	add(phrase(Normative, "unilaterally|sneakily|secretly|surreptitiously|behind-the-scenes", when(personSubject), suggest(sugAttitude)))
	add(phrase(Normative, "can't/cannot/couldn't/could+not/can+not be trusted|relied", when(personSubject), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "refused|refuses|refusing to", when(personSubjectUnexplained), suggest(sugAttitude)))
	add(phrase(PersonAsCause, forms("override:overrode:overridden"), when(overrodeWarning), suggest(sugReckless)))
	add(phrase(PersonAsCause, "went|gone|goes|go|going back to sleep|bed", when(absentUnexplained), suggest(sugAbsent)))
	add(phrase(Normative, "fell|falls|falling|fall short", when(personSubject), suggest(sugAttitude)))
	add(phrase(Normative, "disregard|contempt for", suggest(suggestions[Normative])))
	add(phrase(Normative, "against/contrary+to best practice|practices", suggest(suggestions[Normative])))
	add(phrase(Normative, "dereliction of duty", suggest(suggestions[Normative])))
	add(phrase(Normative, "failed|fails in his|her|their duty|duties|responsibility|responsibilities|obligation|obligations", suggest(suggestions[Normative])))
	add(phrase(Counterfactual, "didn't/did+not/failed+to/never exercise|use|show due|sufficient|appropriate|proper|reasonable care|caution|diligence|judgement|judgment"))
	add(phrase(PersonAsCause, "lack|lacked|lacking|lacks of urgency|accountability|awareness|competence|skill|skills|understanding|judgement|judgment|focus|effort|initiative|curiosity|follow-through|responsibility|experience|knowledge/common+sense/situational+awareness", when(notSystemClause), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "lacked|lacking|lacks urgency|accountability|awareness|competence|skill|skills|judgement|judgment|focus|discipline|rigour|rigor|ownership|initiative|curiosity|common", when(personSubject), suggest(sugAttitude)))
	// British understatement and report prose.
	add(phrase(PersonAsCause, "made|make|makes|making a|an complete|total|right|real|proper|absolute|utter hash|mess|muddle|botch|shambles|pig's|dog's|hames", suggest(sugAttitude)))
	add(phrase(PersonAsCause, "made|make|makes|making a hash|mess|muddle|botch|shambles|pig's|dog's|hames of", suggest(sugAttitude)))
	add(phrase(PersonAsCause, forms("dither dawdle faff procrastinate dilly-dally dillydally flounder"), when(personSubject), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "sat|sitting|sit|sits on his|her|their hands", suggest(sugAttitude)))
	add(phrase(Normative, "reflects|reflected|reflect|reflecting poorly|badly|terribly on", suggest(sugAttitude)))
	add(phrase(Counterfactual, "obvious|plain|evident|clear|apparent to anyone|anybody", suggest("hindsight shows what was unknowable then: describe what people saw at the time")))
	add(phrase(Counterfactual, "obvious|plain|evident|clear|apparent to everyone|everybody|all except|but|bar/apart+from", suggest("hindsight shows what was unknowable then: describe what people saw at the time")))
	add(phrase(Normative, "as he|she|they|you|ops always do|does|did/seem+to/seems+to", suggest(sugSarcasm)))
	add(phrase(Normative, "in his|her|their|your infinite wisdom", suggest(sugSarcasm)))
	add(phrase(Normative, "in his|her|their|your wisdom", suggest(sugSarcasm)))
	add(phrase(Normative, "as we|i have|had warned|told|said|mentioned|pointed", suggest(sugSarcasm)))
	add(phrase(Normative, "warned|told them|him|her|you repeatedly|before|often|countless|many|again|twice", suggest(sugSarcasm)))
	add(phrase(Normative, "naturally|inevitably|typically", when(personAhead), suggest(sugSarcasm)))
	add(phrase(PersonAsCause, "without", when(withoutAnything), suggest(sugNeglect)))
	add(phrase(PersonAsCause, "kept|keeps|keep|keeping", when(keptDoingHarm), suggest(sugNeglect)))
	// More gaps found with probes written in this session.
	add(phrase(PersonAsCause, "not up to the task|job|challenge", when(personSubject), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "was|were|is|are in a hurry|rush", when(personSubject), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "wanted|wants|wanting|keen to leave|go|get|head home|early", when(personSubject), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "with zero|no|little|minimal/barely+any testing|review|checks|thought|care|oversight|validation", when(personSubjectOrClause), suggest(sugReckless)))
	add(phrase(Normative, "thanks/thank+you/ty a+lot/a+bunch/so+much/heaps/for+that", when(damageAround), suggest(sugSarcasm)))
	add(phrase(PersonAsCause, "bad|sloppy|careless|shoddy|botched|poor|terrible|awful|lazy|rushed|dodgy|dumb|stupid|half-baked|hasty|clumsy|reckless|garbage|junk|crap|crappy|shitty|trash|trashy|half-assed|janky|hacky|broken|buggy|idiotic", when(possessedByPerson), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "down to", when(attributedToPerson)))
	add(phrase(Counterfactual, "half a clue|wit", suggest(sugAttitude)))
	add(phrase(Counterfactual, "anyone|anybody|someone with a|any|some clue|sense|brains|brain", suggest("hindsight shows what was unknowable then: describe what people saw at the time")))
	// Defiance, dismissal, priorities judged.
	add(phrase(Normative, "to even|bother", when(tookTooLong), suggest(sugAttitude)))
	add(phrase(Normative, "enough+said/nuff+said/'nuff+said/say+no+more/draw+your+own+conclusions", suggest(sugSarcasm)))
	add(phrase(Normative, "smugly|cockily|glibly|airily|haughtily|dismissively|condescendingly", when(personSubject), suggest(sugAttitude)))
	add(phrase(Normative, "someone|somebody|people|engineers|staff|folks|somebody more competent|capable|experienced|careful|reliable|responsible|senior|qualified", suggest(sugAttitude)))
	add(phrase(Normative, "someone|somebody competent|capable|qualified|responsible", suggest(sugAttitude)))
	add(phrase(Normative, "the one|only thing he|she|they|you was|were|had", suggest(sugSarcasm)))
	add(phrase(PersonAsCause, "failed|fails|failing at", when(personSubject)))
	add(phrase(Normative, "went|go|goes|going|gone ahead anyway|regardless|despite|nonetheless", suggest(sugAttitude)))
	add(phrase(Normative, "anyway|regardless|nonetheless|anyhow", when(actedAnyway), suggest(sugAttitude)))
	add(phrase(Normative, "despite/in+spite+of the|a|an|our|repeated|several|multiple|all|every|clear|explicit warning|warnings|objections|objection|concerns|advice|alerts|red|failing|failed|errors|freeze|policy|instructions|reminders|requests|complaints", when(despiteByPerson), suggest(sugAttitude)))
	add(phrase(Normative, "despite/in+spite+of reminders|requests|complaints|warnings|objections", when(despiteByPerson), suggest(sugAttitude)))
	add(phrase(PersonAsCause, forms("shrug*"), when(personSubjectOrList), suggest(sugNeglect)))
	add(phrase(PersonAsCause, "turned|turn|turning|turns a blind eye", suggest(sugNeglect)))
	add(phrase(Normative, "over safety|security|correctness|quality|reliability|stability|caution|testing|process|procedure", when(choseOver), suggest(sugAttitude)))
	// HR language, singling out, mock puzzlement.
	add(phrase(PersonAsCause, "the individual|individuals|employee|employees|staffer involved|concerned|responsible/at+fault", suggest(sugAttitude)))
	add(phrase(PersonAsCause, "the staff+member/team+member/member+of+staff involved|concerned|responsible/at+fault", suggest(sugAttitude)))
	add(phrase(BeMoreCareful, "addressed|dealt|handled with", when(personNext)))
	add(phrase(BeMoreCareful, "appropriate|corrective|disciplinary action", when(actionTaken)))
	add(phrase(PersonAsCause, "performance issue|issues|problem|problems with|by", when(personNext), suggest(sugAttitude)))
	add(phrase(Normative, "for+some+reason/for+whatever+reason/for+reasons+unknown/for+reasons+best+known/inexplicably/somehow/bafflingly/mysteriously", when(personAhead), suggest(sugSarcasm)))
	add(phrase(PersonAsCause, "weak|weakest link", when(sentenceOfPerson), suggest(sugAttitude)))
	add(phrase(Normative, "is|was|are|were|been a|an liability|menace|disaster|nightmare|hazard|danger|embarrassment|headache|disgrace|trainwreck|shitshow/loose+cannon/dumpster+fire/train+wreck/clown+show", when(personSubject), suggest(sugAttitude)))
	// Disclaimers that blame, and scolding.
	add(phrase(Normative, "not naming|pointing names|fingers", suggest(sugSarcasm)))
	add(phrase(Normative, "just saying|sayin|sayin'", suggest(sugSarcasm)))
	add(phrase(Normative, "with all due respect", suggest(sugSarcasm)))
	add(phrase(Normative, "no offence|offense to", suggest(sugSarcasm)))
	add(phrase(Normative, "not saying it was", suggest(sugSarcasm)))
	add(phrase(Normative, "was|were|is|are meant to", when(personSubject), suggest(suggestions[Normative])))
	add(phrase(Normative, "despite/in+spite+of being told|warned|asked|reminded|advised|instructed", suggest(suggestions[Normative])))
	add(phrase(Normative, "wtf|wth|ffs|omg|jfc|smh|ugh", when(personNext), suggest(sugSarcasm)))
	add(phrase(Normative, "to save his|her|their|your life|lives", suggest(sugSarcasm)))
	add(phrase(Normative, "can't/cannot/couldn't/can+not read|follow|count|spell|type|tell", when(personSubject), suggest(sugAttitude)))
	add(phrase(Normative, "insufficient|inadequate care|diligence|attention|caution|rigour|rigor|thought|effort", suggest(suggestions[Normative])))
	add(phrase(Normative, "judgement|judgment was|is|were clearly|obviously impaired|clouded|flawed|poor|lacking|questionable|off", suggest(suggestions[Normative])))
	add(phrase(Normative, "judgement|judgment was|is|were impaired|clouded|flawed|poor|lacking|questionable", suggest(suggestions[Normative])))
	add(phrase(Normative, "a/even+a monkey|chimp|toddler|child/trained+monkey could|would|could've|would've", suggest(sugAttitude)))
	add(phrase(Normative, "buried|bury|burying|buries their|his|her|its|our head|heads in the sand", suggest(sugNeglect)))
	add(phrase(Normative, "head|heads in the sand", suggest(sugNeglect)))
	add(phrase(Normative, "never/don't/do+not/shouldn't/should+never/can+never trust", when(personOrTeamNext), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "without investigation|analysis|diagnosis|verification|testing|review|reading|thinking|asking", when(clauseAboutPeopleUnexplained), suggest(sugNeglect)))
	// Idioms of failure, neglect and temper.
	add(phrase(PersonAsCause, forms("screw")+" the pooch", suggest(sugAttitude)))
	add(phrase(PersonAsCause, forms("slip*")+" up", when(notSystemSubject), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "slip-up|slipup|slip-ups", suggest(sugAttitude)))
	add(phrase(PersonAsCause, forms("take:took:taken")+" the easy|lazy way|route out", suggest(sugReckless)))
	add(phrase(PersonAsCause, forms("take:took:taken")+" the easy|lazy way|route", when(personSubject), suggest(sugReckless)))
	add(phrase(PersonAsCause, forms("half-ass half-arse")+"|half-assed|half-arsed", suggest(sugAttitude)))
	add(phrase(PersonAsCause, "let|lets|letting it|things|this|that|them slide|slip|rot|fester|drift", suggest(sugNeglect)))
	add(phrase(PersonAsCause, forms("kick")+" the can", suggest(sugNeglect)))
	add(phrase(PersonAsCause, forms("sweep:swept:swept brush")+" it|this|that|them|the|everything|things", when(underTheRug), suggest(sugNeglect)))
	add(phrase(Normative, "lost|lose|loses|losing the plot", suggest(sugAttitude)))
	add(phrase(Normative, "lost|lose|loses|losing his|her|their|my|your temper|cool|head|nerve", suggest(sugAttitude)))
	add(phrase(Normative, forms("overreact underreact"), when(personSubject), suggest(sugAttitude)))
	add(phrase(Normative, "for no reason/good+reason/apparent+reason", when(clauseOfPerson), suggest(sugAttitude)))
	add(phrase(Normative, "failed|fails|failing miserably|spectacularly|abysmally|woefully|horribly|badly", when(notSystemClause), suggest(suggestions[Normative])))
	add(phrase(Normative, "woefully|hopelessly|criminally|grossly|monumentally|embarrassingly|laughably|pathetically|shamefully|disgracefully|unforgivably", when(personSubjectOrClause), suggest(suggestions[Normative])))
	add(phrase(Normative, "pathetic|shameful|laughable|moronic|brain-dead|braindead|dumbass|half-witted|dimwitted|pig-headed", when(notSystemSubject), suggest(suggestions[Normative])))
	add(phrase(Normative, "excuse for a|an", suggest(sugSarcasm)))
	add(phrase(Normative, "has|have|had|needs|need to answer for", when(personSubject), suggest(sugAttitude)))
	add(phrase(QuestionAtPerson, "explain himself|herself|themselves|themself|yourself"))
	add(phrase(BeMoreCareful, "fire|sack|axe|can|dismiss|discipline|punish|reprimand", when(personObjectOrder), suggest(suggestions[BeMoreCareful])))
	add(phrase(BeMoreCareful, "the lot of them", suggest(suggestions[BeMoreCareful])))
	add(phrase(PersonAsCause, forms("shoot:shot:shot")+" himself|herself|themselves|ourselves|themself|yourself in the foot", suggest(sugAttitude)))
	add(phrase(PersonAsCause, forms("coast"), when(personSubjectCoasting), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "checked|checks|checking out mentally|emotionally", suggest(sugAttitude)))
	add(phrase(PersonAsCause, "mentally|emotionally checked out", suggest(sugAttitude)))
	add(phrase(Normative, "mailed|mail|mails|mailing it in", suggest(sugAttitude)))
	add(phrase(PersonAsCause, "on his|her|their|the shoulders|head|heads", when(blameOnShoulders), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "shoulders", when(onSomeonesShoulders), suggest(sugAttitude)))
	// Traits: a judgement adjective said of a person, before the noun ("a
	// rude engineer") or after a verb of being ("the IC seemed clueless").
	add(phrase(PersonAsCause, traitWords, when(traitOfPerson), suggest(sugAttitude)))
	// Conduct: what a person is accused of doing to others.
	add(phrase(Normative, forms("stonewall bully:bullied:bullied berate undermine sabotage obstruct meddle interfere fiddle tinker badmouth belittle patronise patronize"), when(personSubject), suggest(sugAttitude)))
	add(phrase(Normative, forms("yell snap* shout")+" at", when(personSubject), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "led|leads|leading to", when(personToHarm)))
	add(phrase(PersonAsCause, "resulted|results|resulting in", when(personToHarm)))
	add(phrase(Normative, "should/must/ought+to know|understand|realise|realize|remember/be+aware", when(personSubject), suggest("describe what the person knew then and how the system made it knowable")))
	// Implied blame: insinuation, mock surprise, irony.
	add(phrase(Normative, "i think not", when(endsSentence), suggest(sugSarcasm)))
	add(phrase(Normative, "coincidence|coincidences", when(questioned), suggest(sugSarcasm)))
	add(phrase(Normative, "funny|interesting|curious|odd|strange|amazing how|that", when(personInSentence), suggest(sugSarcasm)))
	add(phrase(Normative, "we|you all know who|whom", suggest(sugSarcasm)))
	add(phrase(Normative, "won't/will+not/not+going+to name names|any", suggest(sugSarcasm)))
	add(phrase(Normative, "naming no names", suggest(sugSarcasm)))
	add(phrase(Normative, "no surprise|surprises|prizes who|which|for", suggest(sugSarcasm)))
	add(phrase(Normative, "optional now|nowadays", suggest(sugSarcasm)))
	add(phrase(Normative, "just a suggestion|suggestions", suggest(sugSarcasm)))
	add(phrase(Normative, "is|are for other+people/lesser+mortals", suggest(sugSarcasm)))
	add(phrase(Normative, "must be nice", suggest(sugSarcasm)))
	add(phrase(Normative, "got|get|gets the memo", when(memoNotGot), suggest(sugSarcasm)))
	add(phrase(Normative, "missed|miss|misses the memo", suggest(sugSarcasm)))
	add(phrase(Counterfactual, "this|it coming except|but", suggest("hindsight shows what was unknowable then: describe what people saw at the time")))
	add(phrase(Counterfactual, "should|could have|'ve seen this|it coming", suggest("hindsight shows what was unknowable then: describe what people saw at the time")))
	add(phrase(Normative, "mystery solved", when(personInSentence), suggest(sugSarcasm)))
	add(phrase(Normative, "bold|brave|cute|generous|big of", when(personThenTo), suggest(sugSarcasm)))
	add(phrase(Normative, "who needs", when(whenAhead), suggest(sugSarcasm)))
	add(phrase(PersonAsCause, "push-and-pray|deploy-and-pray|ship-and-pray|merge-and-pray|spray-and-pray/and+pray/and+hope+for+the+best", suggest(sugReckless)))
	add(phrase(Normative, "classic", when(classicFromPerson), suggest(sugSarcasm)))
	// Formal report prose.
	add(phrase(PersonAsCause, forms("forgo:forwent:forgone forego:forewent:foregone"), when(personSubjectUnexplained), suggest(sugNeglect)))
	add(phrase(Counterfactual, "avail|availed himself|herself|themselves|themself of", when(negatedBefore)))
	add(phrase(Normative, "breach|breaches|breached|breaching", when(rulesAhead)))
	add(phrase(Normative, "inconsistent|noncompliant|non-compliant with", when(rulesAhead)))
	add(phrase(Normative, "in violation|contravention|breach of", when(rulesAhead)))
	add(phrase(Normative, "non-compliance|noncompliance by|of|from", when(personNext)))
	add(phrase(Normative, "fell|falls|fall|falling below/short+of expectations|par|standard|standards", when(notSystemClause)))
	add(phrase(Normative, "below standard|par|expectations", when(notSystemClause)))
	add(phrase(Normative, "departure|deviation|departures|deviations from", when(personInSentence)))
	add(phrase(Normative, "unilateral decision|call|change|action|move|choice", suggest(sugAttitude)))
	add(phrase(PersonAsCause, "insufficiently|inadequately experienced|trained|prepared|qualified|skilled|careful|supervised|diligent", suggest(sugAttitude)))
	add(phrase(PersonAsCause, "lacked|lacking|lacks|lack the requisite|necessary|basic|required|relevant knowledge|skills|skill|experience|competence|understanding|training|judgement|judgment", when(personSubject), suggest(sugAttitude)))
	add(phrase(Normative, "regrettably|unfortunately|sadly", when(personDamage), suggest(suggestions[Normative])))
	add(phrase(Normative, "showed|shows|show|showing|displayed|displays|demonstrated|demonstrates|exhibited|exhibits poor|little|no|questionable|bad|worrying|concerning|alarming|limited", when(personSubject), suggest(sugAttitude)))
	add(phrase(Normative, "poor|limited|no|little situational awareness", when(personSubject), suggest(sugAttitude)))
	// Security and comms: handing things to attackers, leaking secrets,
	// telling customers what was not so.
	add(phrase(PersonAsCause, forms("give:gave:given hand send:sent:sent share disclose reveal leak click read:read:read tell:told:told"), when(toAttacker), suggest("describe what made the attack convincing and what would have stopped it, not who believed it")))
	add(phrase(PersonAsCause, forms("commit* push post paste share leak expose check upload"), when(secretsLeaked), suggest(sugReckless)))
	add(phrase(Normative, "when", when(toldWhenNot), suggest(sugAttitude)))
	add(phrase(PersonAsCause, forms("promise"), when(promisedWithoutAgreement), suggest(sugAttitude)))
	add(phrase(Counterfactual, "nobody/no+one/noone did|does|bothered", when(endsSentence)))
	add(phrase(PersonAsCause, "zero|no|little|minimal support|help|backup|guidance|oversight from", when(personNext), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "over-engineered|overengineered|overcomplicated|over-complicated|convoluted|byzantine|spaghetti", when(possessedByPerson), suggest(sugAttitude)))
	// A trailing ", again" or ", as usual" after what a person did.
	add(phrase(Normative, "again/as+usual/per+usual/as+always/like+always/yet+again/once+again/as+expected/as+predicted/of+course/unbelievably/incredibly/amazingly/naturally/predictably/apparently/somehow/obviously/clearly", when(trailingJab), suggest(sugSarcasm)))
	add(phrase(Normative, "typical|predictable|figures|unbelievable|incredible|brilliant|great|fantastic|wonderful|lovely|nice|perfect|amazing|awesome|genius|classic|smooth|stellar|outstanding|superb|splendid|marvellous|marvelous/top+job/nice+one/good+job/great+job/well+done/nice+work/great+work", when(trailingJab), suggest(sugSarcasm)))
	add(phrase(PersonAsCause, "decision|choice|decisions|choices to skip|ignore|bypass|disable|forgo|forego|override|omit|cut|rush", when(possessedUnexplained), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "and went|goes|go|left home|off", when(wentHomeUnhanded), suggest(sugAbsent)))
	add(phrase(PersonAsCause, "error|errors|mistake|mistakes|blunder|blunders|screw-up|screwup|oversight|slip", when(possessedTwoBack), suggest(sugAttitude),
		unlessNext("pattern", "patterns", "class", "classes", "type", "types", "rate", "rates", "budget", "budgets", "handling", "message", "messages", "code", "codes")))
	// Chat accusations.
	add(phrase(Normative, "own|fess up", when(notSystemSubject), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "is|was|are|were the reason|reasons", when(personSubject), suggest(suggestions[PersonAsCause])))
	add(phrase(Normative, "to actually|finally", when(clauseOfPerson), suggest(sugSarcasm)))
	add(phrase(Normative, "can+we+talk/we+need+to+talk about", when(personInSentence), suggest(sugSarcasm)))
	add(phrase(Normative, "on a friday/friday+afternoon/friday+evening/friday+night/at+5pm+on+a+friday", when(clauseOfPerson), suggest(sugAttitude)))
	add(phrase(Normative, "brought to you by", suggest(sugSarcasm)))
	add(phrase(PersonAsCause, "skill issue|issues", suggest(sugAttitude)))
	add(phrase(PersonAsCause, "skill-issue", suggest(sugAttitude)))
	add(phrase(PersonAsCause, "couldn't/could+not/can't/cannot/wouldn't/would+not make a|any decision|call|choice", when(personSubject), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "couldn't/could+not/can't/cannot decide|commit", when(personSubject), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "walked|walks|walking|walk away|off", when(personSubjectUnexplained), suggest(sugAttitude)))
	add(phrase(Normative, "impossible|unrealistic|arbitrary|ridiculous|absurd|insane deadline|deadlines|timeline|timelines", when(personInSentence), suggest(sugAttitude)))
	add(phrase(Normative, "must/must+have+been/must've+been half asleep|asleep|drunk|high|blind|daydreaming|sleepwalking|half-asleep", suggest(sugAttitude)))
	add(phrase(Normative, "half asleep", when(personSubject), suggest(sugAttitude)))
	add(phrase(Normative, "useless|worthless|pathetic|lazy|sloppy|shoddy|half-baked|embarrassing|garbage|trash|rubbish|awful|terrible|horrible|atrocious|inadequate|careless|laughable", when(workJudged), suggest(suggestions[Normative])))
	add(phrase(Normative, "while", when(whileDownByPerson), suggest(sugAttitude)))
	// Character and motive.
	add(phrase(Normative, "more interested+in/concerned+with/focused+on", when(personSubject), suggest(sugAttitude)))
	add(phrase(Normative, "did|does|do|doing the bare|absolute minimum", suggest(sugAttitude)))
	add(phrase(Normative, "bare minimum", when(personSubjectOrClause), suggest(sugAttitude)))
	add(phrase(Normative, "only|just cares|cared|care about", when(personSubject), suggest(sugAttitude)))
	add(phrase(Normative, "didn't/don't/doesn't/did+not/do+not/does+not/wouldn't apply to him|her|them|himself|herself|themselves", suggest(sugAttitude)))
	add(phrase(Normative, forms("ram* railroad bulldoze strong-arm steamroll force")+" it|this|that|the|them through", when(personInvolved), suggest(sugAttitude)))
	add(phrase(Normative, forms("ram* railroad bulldoze strong-arm steamroll force")+" through", when(personInvolved), suggest(sugAttitude)))
	add(phrase(Normative, "never|doesn't/does+not/didn't/did+not/won't learn|learns|learned|learnt", when(personSubject), suggest(sugAttitude)))
	add(phrase(Normative, forms("hide:hid:hidden conceal"), when(personSubjectUnexplained), suggest(sugAttitude)))
	add(phrase(Normative, forms("cover")+" up", when(personSubjectUnexplained), suggest(sugAttitude)))
	add(phrase(PersonAsCause, forms("fob*")+" off|us|them", suggest(sugAttitude)))
	add(phrase(PersonAsCause, "the runaround", suggest(sugAttitude)))
	add(phrase(Normative, "what you get|deserve when|for|if", suggest(sugSarcasm)))
	add(phrase(Normative, "fireable|sackable|firing|sacking offence|offense|offences|offenses", suggest(suggestions[BeMoreCareful])))
	add(phrase(PersonAsCause, forms("paste copy:copied:copied"), when(pastedFromTheWeb), suggest(sugReckless)))
	add(phrase(Normative, "kept|keeps|keep|keeping saying|insisting|claiming|telling|repeating", when(deniedTrouble), suggest(sugAttitude)))
	add(phrase(Normative, "flat+out/outright/flat-out/point-blank refused|refuses|ignored|ignores|rejected|dismissed", suggest(sugAttitude)))
	add(phrase(PersonAsCause, "watching|watched|playing|played|streaming netflix|youtube|tv|videos|movies|football|games|fortnite/a+movie/the+game/video+games", when(personAround), suggest(sugAbsent)))
	add(phrase(Normative, "insisted|insists|insisting on", when(insistedAgainst), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "logged|logs|logging|log|signed|signs off|out for+the+weekend/for+the+day/for+the+night/early", when(absentUnexplained), suggest(sugAbsent)))
	add(phrase(Normative, "decided|chose|acted|went on his|her|their own", suggest(sugAttitude)))
	add(phrase(BeMoreCareful, "remedial training|coaching|course|courses|sessions|plan|action"))
	add(phrase(BeMoreCareful, "ensure/ensures/make+sure/making+sure", when(ensurePersonNever)))
	add(phrase(PersonAsCause, "extended|prolonged|delayed|worsened|exacerbated|compounded by", when(personNextUnexplained)))
	add(phrase(PersonAsCause, "worse by", when(personNext)))
	add(phrase(PersonAsCause, "because of", when(personThenDamageAround)))
	add(phrase(Normative, "a|an competent|decent|capable|proper|real|half-decent", when(personNextDirect), suggest(sugAttitude)))
	// More chat.
	add(phrase(Normative, "typical|classic|figures|predictable|unbelievable|shocking", when(aloneAsSentence), suggest(sugSarcasm)))
	add(phrase(PersonAsCause, "still nothing/no+response/no+reply/no+answer/no+word from", when(personNext), suggest(sugAbsent)))
	add(phrase(Normative, "point|pointing fingers", suggest(sugSarcasm)))
	add(phrase(Normative, "too many cooks", suggest(sugAttitude)))
	add(phrase(Counterfactual, "no+one/nobody/noone with a|any clue|brain|sense", suggest(sugAttitude)))
	add(phrase(QuestionAtPerson, "how+is+it+possible/how+is+it+conceivable/how+come", when(personInSentence)))
	add(phrase(Normative, "took|take|takes|taking a sledgehammer|hammer|chainsaw|axe|flamethrower to", suggest(sugReckless)))
	add(phrase(Normative, "want|wants|wanted|expect|expects|expected a medal|cookie|trophy/gold+star/pat+on+the+back", suggest(sugSarcasm)))
	add(phrase(Normative, "some/a+lot+of explaining to do", suggest(sugSarcasm)))
	add(phrase(PersonAsCause, "responsible|accountable|culpable for", when(responsibleForHarm)))
	add(phrase(PersonAsCause, "paying|paid|pay any|much|enough|proper|close|real attention", when(negatedBefore), suggest(sugNeglect)))
	add(phrase(Normative, "keep|keeping|kept|keeps", when(personAwayFrom), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "testing|tested|test|tests", when(testInProdAhead), suggest(sugReckless)))
	add(phrase(PersonAsCause, "asleep all/the+whole/the+entire/on+the+job", suggest(sugAbsent)))
	add(phrase(Normative, "says|said|say a lot about him|her|them|the|their|his", suggest(sugSarcasm)))
	add(phrase(Normative, "beggars|beggared|defies|defied belief", suggest(sugSarcasm)))
	add(phrase(PersonAsCause, "switched|turned|switching|turning|switches|turns his|her|their|my phone|pager|laptop|notifications off", suggest(sugAbsent)))
	add(phrase(PersonAsCause, "switched|turned|switching|turning off his|her|their phone|pager|notifications", suggest(sugAbsent)))
	add(phrase(PersonAsCause, "held responsible|accountable|liable", suggest(suggestions[PersonAsCause])))
	// British and workplace idioms of failure and of going through the motions.
	add(phrase(PersonAsCause, "dropped|drop|dropping|drops a clanger|bollock|brick", suggest(sugAttitude)))
	add(phrase(PersonAsCause, "put|puts|putting his|her|their|my|your foot in it", suggest(sugAttitude)))
	add(phrase(PersonAsCause, forms("cock bugger louse")+"|ballsed|ballsing up", when(notSystemSubject), suggest(sugAttitude)))
	add(phrase(Normative, "pulled|pull|pulls|pulling a|an", when(nameNextDirect), suggest(sugSarcasm)))
	add(phrase(PersonAsCause, "speedran|speedrun|speedrunning|speedruns", when(personSubject), suggest(sugReckless)))
	add(phrase(PersonAsCause, "full+send/sent+it", when(personSubject), suggest(sugReckless)))
	add(phrase(Normative, "slapped|thrown|cobbled|bodged|kludged|botched together", when(notSystemSubject), suggest(suggestions[Normative])))
	add(phrase(Normative, "paid|pay|pays|paying lip service", suggest(suggestions[Normative])))
	add(phrase(Normative, "box-ticking|tick-box|checkbox exercise|exercises", suggest(suggestions[Normative])))
	add(phrase(Normative, "headless chickens|chicken", suggest(sugAttitude)))
	add(phrase(Normative, "dead+weight/deadweight/deadwood/dead+wood/seat+warmer/seat+warmers/passengers", when(personAround), suggest(sugAttitude)))
	add(phrase(Normative, "going|went|go|goes|gone through the motions", suggest(sugAttitude)))
	// Chat sarcasm, more of it.
	add(phrase(Normative, "oh+good/oh+great/great/awesome/cool/lovely/wonderful/fantastic/perfect/brilliant/nice/love+it/love+that/yay", when(sarcasticOpener), suggest(sugSarcasm)))
	add(phrase(Normative, "can't/cannot wait for the next|another", suggest(sugSarcasm)))
	add(phrase(PersonAsCause, "watch", when(onSomeonesWatch), suggest(suggestions[PersonAsCause])))
	add(phrase(Normative, "bucks|quid|dollars|euros says|say", suggest(sugSarcasm)))
	add(phrase(Normative, "bingo card|cards", suggest(sugSarcasm)))
	add(phrase(Normative, "masterpiece|masterpieces|gem|gems|winner|winners|beauty from|by", when(personOrTeamNextAfterTheAt), suggest(sugSarcasm)))
	add(phrase(Normative, "on+purpose/deliberately/intentionally", when(personSubjectSarcastic), suggest(sugAttitude)))
	add(phrase(Normative, "idea of", when(possessedByPerson), suggest(sugSarcasm)))
	add(phrase(Normative, "famous last words", suggest(sugSarcasm)))
	add(phrase(Normative, "peak engineering|competence|professionalism|incompetence", suggest(sugSarcasm)))
	add(phrase(Normative, "thanks/thank+you/ty for nothing", suggest(sugSarcasm)))
	add(phrase(Normative, "happened", when(personHappened), suggest(sugSarcasm)))
	add(phrase(Counterfactual, "didn't/did+not/never see fit to"))
	add(phrase(Normative, "cavalier|careless|sloppy|lax|casual|reckless|lazy|slapdash|haphazard|half-hearted|flippant|dismissive|arrogant|complacent approach|attitude|manner|handling|disregard", when(notSystemClause), suggest(sugAttitude)))
	add(phrase(Normative, "doesn't/does+not/didn't/did+not/don't/do+not stand+up+to+scrutiny/add+up/hold+water", when(personAround), suggest(sugAttitude)))
	add(phrase(Normative, "diligence|care|effort|attention|rigour|rigor|professionalism|competence|judgement|judgment|ownership|discipline|hygiene was|were|is lacking|absent|wanting|missing|insufficient|poor|inadequate|non-existent|nonexistent|abysmal|appalling", suggest(suggestions[Normative])))
	add(phrase(Normative, "evidently|clearly|obviously|apparently unfamiliar|unaware|ignorant|oblivious|clueless", when(personSubject), suggest(sugAttitude)))
	// Alternatives that need a rule of their own.
	add(phrase(Normative, "against the|our|my|all advice|recommendations|orders"))
	add(phrase(Normative, "per my last|previous email|message|note", suggest(sugSarcasm)))
	add(phrase(PersonAsCause, "let|lets|letting the team|company|side|customers down", when(notSystemSubject), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "not up to it", when(personSubject), suggest(sugAttitude)))
	add(phrase(Normative, "you know who", suggest(sugSarcasm)))
	add(phrase(Normative, "behind the team's|company's back|backs", suggest(sugAttitude)))
	add(phrase(Normative, "optional these days", suggest(sugSarcasm)))
	add(phrase(Normative, "come clean", when(notSystemSubject), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "couldn't/could+not/can't/cannot/wouldn't make up his|her|their|your mind", suggest(sugAttitude)))
	add(phrase(Normative, "hard+to+believe/beyond+belief", when(personAround), suggest(sugSarcasm)))
	// Blame by juxtaposition: trouble timed to what a named person did.
	add(phrase(Normative, "the+moment/the+day/ever+since/since/until/till/as+soon+as/before", when(juxtaposedBlame), suggest(sugSarcasm)))
	add(phrase(Normative, "common factor|denominator|thread|link is|was|being", when(personNext), suggest(sugSarcasm)))
	add(phrase(Normative, "name|names on", when(possessedByPerson), suggest(sugSarcasm)))
	add(phrase(Normative, "and watch the", when(watchTroubleRoll), suggest(sugSarcasm)))
	add(phrase(Normative, "only/just a matter of time", when(personAround), suggest(sugSarcasm)))
	add(phrase(Normative, "at the helm|wheel", when(personBeforeWith), suggest(sugSarcasm)))
	add(phrase(Normative, "speaks for itself", when(personInSentenceAnywhere), suggest(sugSarcasm)))
	add(phrase(Normative, "indefensible|unjustifiable|unconscionable", suggest(suggestions[Normative])))
	add(phrase(PersonAsCause, forms("overpromise overcommit oversell:oversold:oversold"), when(personSubject), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "nothing for", when(nothingForHours), suggest(sugNeglect)))
	add(phrase(Counterfactual, "would|could have|'ve gone a long way", suggest("describe what people did and knew at the time, and what made that reasonable")))
	add(phrase(Normative, "clean|cleaning|cleaned|cleans up after", when(personNext), suggest(sugAttitude)))
	add(phrase(Normative, "ticking time bomb|timebomb", when(personAround), suggest(sugAttitude)))
	add(phrase(Normative, "over basic|core|long-term|actual safety|security|correctness|quality|reliability|stability|caution|testing|process", when(choseOver), suggest(sugAttitude)))
	add(phrase(Normative, "kept|keeps|keep|keeping us|everyone|everybody|them|customers|management|leadership in the dark", suggest(sugAttitude)))
	add(phrase(Normative, "hung|hang|hangs|hanging|left|leave us|them|everyone out to dry", suggest(sugAttitude)))
	add(phrase(Normative, "attention span of", suggest(sugAttitude)))
	add(phrase(Normative, "isn't/is+not/wasn't/was+not/aren't/not cut out for", when(personSubject), suggest(sugAttitude)))
	add(phrase(Normative, "nobody/no+one/noone/anyone in their|his|her right mind", suggest(sugAttitude)))
	add(phrase(Normative, "doubled|doubling|doubles|double down", when(personSubjectOrList), suggest(sugAttitude)))
	add(phrase(Normative, "wildly|hopelessly|completely|totally|utterly wrong", when(personAround), suggest(suggestions[Normative])))
	add(phrase(Normative, "under the bus", suggest(sugAttitude)))
	add(phrase(Normative, "has|have|had a history|reputation|habit of|for", when(personSubjectThenHarm), suggest(sugAttitude)))
	add(phrase(Normative, "has|have|had a track record of|for", when(personSubjectThenHarm), suggest(sugAttitude)))
	// Round b5's forms, made general.
	add(phrase(Normative, "waved|waves|waving|wave", when(throughAhead), suggest(sugAttitude)))
	add(phrase(Normative, "leaving|left|leave|leaves us|everyone|others|them/the+rest+of+us to clean|mop|pick|deal|sort|fix", suggest(sugAttitude)))
	add(phrase(Normative, "worst|sloppiest|laziest|dumbest|shoddiest|messiest", when(clauseOrSentenceOfPerson), suggest(suggestions[Normative])))
	add(phrase(Normative, "was|is|were|are beneath|below", when(personNext), suggest(sugSarcasm)))
	add(phrase(PersonAsCause, "blew|blow|blown|blows it", when(personSubject), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "rather than follow|following|check|checking|test|testing|read|reading|wait|waiting|ask|asking|escalate|escalating", when(personAroundUnexplained)))
	add(phrase(PersonAsCause, "left|leaves|leaving for the+day/the+weekend/the+night/home/lunch", when(absentUnexplained), suggest(sugAbsent)))
	add(phrase(Counterfactual, "not+one+person/not+a+single+person/not+a+soul/not+one+soul/not+one+engineer/not+a+single+engineer/not+one+of+them", when(nobodyDoesTheirPart)))
	add(phrase(Normative, "despite", when(despiteObjection), suggest(sugAttitude)))
	add(phrase(Normative, "and+here+we+are/so+here+we+are", suggest(sugSarcasm)))
	add(phrase(Normative, "hard|difficult|impossible to see|understand|imagine how|why", when(personInSentence), suggest(sugSarcasm)))
	add(phrase(Counterfactual, "glaringly|blindingly|painfully|patently|staggeringly obvious", suggest("hindsight shows what was unknowable then: describe what people saw at the time")))
	add(phrase(Normative, "congrats|congratulations|kudos|props|thanks|cheers to whoever", when(notThankedForHelp), suggest(sugSarcasm)))
	add(phrase(Normative, "you'd/you+would/one+would/one'd/you+might think", when(personInSentence), suggest(sugSarcasm)))
	add(phrase(Minimiser, "all that was|is required|needed|necessary|asked", suggest(suggestions[Minimiser])))
	add(phrase(Minimiser, "all he|she|they|you|we|anyone|anybody|someone had|needed|needs|has|have to do|do", suggest(suggestions[Minimiser])))
	blindForms(add)
	hardForms(add)
}

// damageWords say something broke.
var damageWords = words(`break breaks broke broken breaking nuke nuked nuking wipe wiped wiping delete deleted deleting
	drop dropped dropping crash crashed crashing down outage outages downtime kill killed killing tank tanked tanking
	brick bricked bricking trash trashed torch torched fire fires mess wreck wrecked wrecking destroy destroyed
	destroying corrupt corrupted lose lost losing page paged paging 3am 2am 4am pager take took taking
	toast borked hosed fubar rip melted melting surprise burning disaster fiasco catastrophe debacle nightmare dead died`)

// damageAhead: praise or "managed to" with damage within a few words
// ("great job breaking prod", "managed to delete the bucket").
func damageAhead(l *linter, i, n int) bool {
	for k := i + n; k < len(l.toks) && k < i+n+8; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			return false
		}
		w := string(l.word(l.toks[k]))
		if damageWords()[w] && !l.namedPage(k) {
			// "took" and "take" need "down" or "out" after them.
			if w == "take" || w == "took" || w == "taking" {
				if k+1 >= len(l.toks) || !l.toks[k+1].joined {
					continue
				}
				if nx := string(l.word(l.toks[k+1])); nx != "down" && nx != "out" && nx != "offline" && nx != "the" && nx != "prod" && nx != "production" {
					continue
				}
			}
			return true
		}
	}
	return false
}

// personThenDamage: "thanks to Bob, prod is down"; "thanks to Sam's quick
// rollback" credits someone.
func personThenDamage(l *linter, i, n int) bool {
	ref, at := l.nounAt(i + n)
	if ref != personRef && ref != nameRef {
		return false
	}
	if w := string(l.word(l.toks[at])); strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "s'") {
		return false
	}
	for k := at + 1; k < len(l.toks) && k < at+9; k++ {
		if l.sentenceEndBefore(k) {
			return false
		}
		if damageWords()[string(l.word(l.toks[k]))] {
			return true
		}
	}
	return false
}

// notPraise: "genius move" is sarcasm unless plainly meant ("a smart
// move by the team that limited the damage" is rare in a review; "smart"
// and "bold" need a person's doing around them).
func notPraise(l *linter, i, n int) bool {
	switch string(l.word(l.toks[i])) {
	case "smart", "clever", "bold", "brilliant", "stellar":
		// sarcastic when it opens a comment ("Smart move.") or names whose it was
		if i == 0 || !l.toks[i].joined || l.sentenceStart(i) {
			return true
		}
		return possessedByPerson(l, i, n) || ideaOfPerson(l, i, n)
	}
	return true
}

// treatedAsNoise: "treated the warning as noise", "wrote the alert off as
// a blip", "chalked it up to flakiness", by a person or in the passive.
func treatedAsNoise(l *linter, i, n int) bool {
	if !notSystemSubject(l, i, n) {
		return false
	}
	for k := i + n; k < len(l.toks) && k < i+n+7 && l.toks[k].joined; k++ {
		w := string(l.word(l.toks[k]))
		if w != "as" && w != "to" && w != "like" {
			continue
		}
		for m := k + 1; m < len(l.toks) && m < k+4 && l.toks[m].joined; m++ {
			switch string(l.word(l.toks[m])) {
			case "noise", "spam", "optional", "suggestion", "suggestions", "false", "harmless", "nothing", "background",
				"low-priority", "unimportant", "joke", "cosmetic", "irrelevant", "annoyance", "flaky", "flakey", "flakiness",
				"blip", "fluke", "glitch", "nuisance", "advisory", "informational", "noisy", "inconvenience", "formality",
				"afterthought", "chore", "game", "distraction":
				return true
			}
		}
	}
	return false
}

// deemedFine: "decided testing in prod was fine", "thought it was
// acceptable to truncate", "figured the warning was no big deal", by a
// person, with no reason given in the sentence.
func deemedFine(l *linter, i, n int) bool {
	if !personSubject(l, i, n) && !clauseOfPerson(l, i, n) {
		return false
	}
	for k := i + n; k < len(l.toks) && k < i+n+8; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			return false
		}
		switch w := string(l.word(l.toks[k])); w {
		case "because", "since", "given", "after", "per", "based":
			return false
		case "fine", "acceptable", "ok", "okay", "harmless", "unnecessary", "overkill", "optional", "pointless", "overrated":
			// "optional for docs-only changes": a policy with its scope.
			return l.verbAfter(k+1) != "for"
		case "good", "great", "smart", "clever", "wise", "cute", "funny":
			if k+1 < len(l.toks) && l.toks[k+1].joined {
				switch nx := string(l.word(l.toks[k+1])); nx {
				case "idea", "fix", "plan", "move", "call", "solution", "shortcut", "workaround":
					return true
				case "to":
					return w != "good" && w != "great"
				}
			}
			return false
		case "big":
			return k+1 < len(l.toks) && l.toks[k+1].joined && string(l.word(l.toks[k+1])) == "deal" && k >= 1 && string(l.word(l.toks[k-1])) == "no"
		}
	}
	return false
}

// personSubjectAdjective: "the on-call was lax", "Sam is clueless", "our
// cavalier admin": a judgement adjective said of a person, before or after.
func personSubjectAdjective(l *linter, i, n int) bool {
	return personSubject(l, i, n) || personNext(l, i, n)
}

// ifPersonJust: "if Sam had just read the runbook", "if someone actually
// looked": a counterfactual that asks for more effort.
func ifPersonJust(l *linter, i, n int) bool {
	ref, at := l.nounAt(i + n)
	if ref != personRef && ref != nameRef {
		return false
	}
	for k := at + 1; k < len(l.toks) && k <= at+3 && l.toks[k].joined; k++ {
		switch string(l.word(l.toks[k])) {
		case "just", "only", "simply", "actually", "bothered", "cared", "even":
			return true
		case "had", "'d", "did", "would", "could":
			continue
		default:
			return false
		}
	}
	return false
}

// absentUnexplained: "Bob went to lunch" with the queue backing up, but
// not "went to lunch after handing the pager to Kim".
func absentUnexplained(l *linter, i, n int) bool {
	if !wentHomeUnhanded(l, i, n) && !personSubject(l, i, n) {
		return false
	}
	for k := i - 1; k >= 0 && k >= i-10; k-- {
		switch string(l.word(l.toks[k])) {
		case "handed", "handing", "handover", "handoff", "hand-off":
			return false // "handed off to the day shift and went to bed"
		}
		if !l.toks[k+1].joined && l.sentenceEndBefore(k+1) {
			break
		}
	}
	if i > 0 && l.toks[i].joined {
		switch string(l.word(l.toks[i-1])) {
		case "before", "after", "when", "while", "until":
			return false // "handed over before leaving on holiday"
		}
	}
	if !personSubjectUnexplained(l, i, n) {
		return false
	}
	for k := i + n; k < len(l.toks) && k < i+n+8 && l.toks[k].joined; k++ {
		switch string(l.word(l.toks[k])) {
		case "after", "handing", "handed", "handover", "hand-off", "handoff", "covering", "covered", "once", "before":
			return false
		}
	}
	return true
}

// personSubjectNotRelative: a person's omission, but not a relative
// clause describing a thing ("a channel that two teams did not follow",
// "a mailbox nobody monitored"), which says where a signal went.
func personSubjectNotRelative(l *linter, i, n int) bool {
	if !personSubject(l, i, n) || !unexplained(l, i, n) {
		return false
	}
	for k := i - 1; k >= 2 && k >= i-7 && l.toks[k+1].joined; k-- {
		if w := string(l.word(l.toks[k])); w != "that" && w != "which" {
			continue
		}
		if !l.toks[k].joined {
			return true
		}
		if l.classify(k-1) == systemRef || determiners()[string(l.word(l.toks[k-2]))] && l.classify(k-1) != personRef {
			return false
		}
		return true
	}
	return true
}

// lateArrival: "on-call finally wakes up", "Sara eventually acked": a
// person's response framed as overdue.
func lateArrival(l *linter, i, n int) bool {
	switch l.verbAfter(i + n) {
	case "wakes", "woke", "wake", "shows", "showed", "turns", "turned", "bothers", "bothered", "deigns", "deigned",
		"gets", "got", "responds", "responded", "answers", "answered", "acks", "acked", "picks", "picked", "admits",
		"admitted", "notices", "noticed", "reads", "read", "looks", "looked", "checks", "checked", "realises", "realised",
		"realizes", "realized", "figures", "figured", "listens", "listened", "joins", "joined", "acknowledges", "acknowledged":
		return personSubject(l, i, n)
	}
	return false
}

// leftInState: "the crew left the cabinet door open", "Sam left debug
// logging enabled": a person leaving a thing in a bad state.
func leftInState(l *linter, i, n int) bool {
	if !personSubject(l, i, n) {
		return false
	}
	for k := i + n; k < len(l.toks) && k < i+n+6 && l.toks[k].joined; k++ {
		switch string(l.word(l.toks[k])) {
		case "channel", "bridge", "call", "line", "ticket", "thread", "room":
			return false
		case "open", "unlocked", "unattended", "enabled", "running", "exposed", "unpatched", "unmonitored", "broken",
			"half-finished", "half-done", "dangling", "unfinished", "hanging", "wide", "alone", "unsupervised", "stranded":
			// "left the old server running for the migration" says why.
			switch l.verbAfter(k + 1) {
			case "for", "so", "to", "until", "while", "as", "because", "per":
				return false
			}
			return true
		}
	}
	return false
}

// hindsightPassive: "the change should have been scheduled in the window":
// what people should have done, unless a system is the agent or does it
// by itself ("should have been renewed automatically").
func hindsightPassive(l *linter, i, n int) bool {
	if a := l.agentAfter(i + n); a == systemRef {
		return false
	}
	switch l.verbAfter(i + n) {
	case "automatically", "by":
		return l.agentAfter(i+n) != systemRef && l.verbAfter(i+n) == "by"
	}
	return true
}

// personNearProd: "don't let the junior guys near prod configs", "never
// allow contractors to touch production".
func personNearProd(l *linter, i, n int) bool {
	if l.subjectBefore(i) == systemRef {
		return false // "the deploy pipeline let one engineer deploy"
	}
	ref, at := l.nounAt(i + n)
	if k := i + n; k < len(l.toks) && l.toks[k].joined && teamWords()[string(l.word(l.toks[k]))] {
		ref, at = personRef, k // "don't let sales touch the admin panel"
	}
	if ref != personRef && ref != nameRef {
		return false
	}
	for k := at + 1; k < len(l.toks) && k <= at+4 && l.toks[k].joined; k++ {
		switch string(l.word(l.toks[k])) {
		case "near", "touch", "anywhere", "loose", "unsupervised", "alone", "improvise", "deploy", "push", "merge", "handle", "drive":
			return true
		}
	}
	return false
}

// failureFromPerson: "yet another failed change from the transport team",
// "another botched deploy by Sam".
func failureFromPerson(l *linter, i, n int) bool {
	bad := false
	for k := i + n; k < len(l.toks) && k < i+n+6 && l.toks[k].joined; k++ {
		switch w := string(l.word(l.toks[k])); w {
		case "failed", "botched", "broken", "bad", "sloppy", "rushed", "untested", "half-baked", "careless", "buggy",
			"friday", "surprise", "unannounced", "yolo", "cowboy", "weekend":
			bad = true
		case "from", "by", "courtesy":
			if !bad {
				return false
			}
			c := l.nounAfter(k + 1)
			return c == personRef || c == nameRef
		}
	}
	return false
}

// responderHeadBefore: "ops blunder", "an engineer mistake": someone on
// the team named as the maker; users' and customers' mistakes are a
// measure of the product.
func responderHeadBefore(l *linter, i, n int) bool {
	if !personHeadBefore(l, i, n) {
		return false
	}
	switch singular(string(l.word(l.toks[i-1]))) {
	case "user", "customer", "client", "subscriber", "human":
		return false
	}
	return true
}

// clauseAboutPeopleUnexplained: "pushed it without peer review", but not
// "went out without peer review under the emergency change policy".
func clauseAboutPeopleUnexplained(l *linter, i, n int) bool {
	if !clauseAboutPeople(l, i, n) {
		return false
	}
	for k := i + n; k < len(l.toks) && k < i+n+10; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			break
		}
		switch string(l.word(l.toks[k])) {
		case "under", "per", "because", "since", "policy", "allowed", "allows", "permitted", "according":
			return false
		}
	}
	return true
}

// sameNameAround: "Dave being Dave", "ops being ops".
func sameNameAround(l *linter, i, n int) bool {
	if i == 0 || i+1 >= len(l.toks) || !l.toks[i].joined || !l.toks[i+1].joined {
		return false
	}
	a, b := string(l.word(l.toks[i-1])), string(l.word(l.toks[i+1]))
	if a != b {
		return false
	}
	c := l.classify(i - 1)
	return c == personRef || c == nameRef
}

// personSubjectThenVerb: "Dave needs to learn to read a graph", "ops
// must stop ignoring pages": a person told to change, not a system
// ("the job needs to stop at midnight").
func personSubjectThenVerb(l *linter, i, n int) bool {
	return personSubject(l, i, n) && (l.verbAfter(i+n) != "" || string(l.word(l.toks[i+n-1])) == "learn")
}

// personThenWhy: "ask Sam why he skipped the canary".
func personThenWhy(l *linter, i, n int) bool {
	ref, at := l.nounAt(i + n)
	if ref != personRef && ref != nameRef {
		return false
	}
	return l.verbAfter(at+1) == "why"
}

// personThinking: "what was Dave thinking", "wtf are they doing".
func personThinking(l *linter, i, n int) bool {
	ref, at := l.nounAt(i + n)
	if ref != personRef && ref != nameRef {
		return false
	}
	switch l.verbAfter(at + 1) {
	case "thinking", "smoking", "doing":
		return true
	}
	return false
}

// notChatNews: "just" as a minimiser, but not a chat update that opens
// with it ("just deployed the fix, watching graphs") nor about what a
// system did.
func notChatNews(l *linter, i, n int) bool {
	v := l.verbAfter(i + n)
	if l.sentenceStart(i) || i == 0 || !l.toks[i].joined {
		if strings.HasSuffix(v, "ed") || v == "finished" || v == "got" || v == "ran" || v == "saw" || v == "shipped" || v == "pushed" || v == "did" {
			return false
		}
		// "Just a thought", "just a heads-up".
		if v == "a" || v == "an" {
			return false
		}
	}
	switch {
	case strings.HasSuffix(v, "ing") && v != "thing": // "I'm just trying": a hedge
		return false
	case v == "me" || v == "us" || v == "on":
		return false
	case strings.HasSuffix(v, "ed") && !personSubject(l, i, n): // "registration just opened"
		return false
	case recentlyDone(l, i, n): // "we just moved the servers last week"
		return false
	}
	return notSystemActor(l, i, n)
}

// shouted: a word written in capitals for effect ("broke it AGAIN").
func (l *linter) shouted(i int) bool {
	t := l.toks[i]
	for _, c := range l.doc[t.start:t.end] {
		if 'a' <= c && c <= 'z' {
			return false
		}
	}
	return t.end-t.start > 3
}

func shouted(l *linter, i, n int) bool { return l.shouted(i) }

// shippedBroken: "the studio shipped broken assets", "Sam pushed untested
// code": a person releasing work judged bad.
func shippedBroken(l *linter, i, n int) bool {
	if !personSubject(l, i, n) {
		return false
	}
	return l.wordJoinedWithin(i+n, 3, "broken", "buggy", "untested", "half-baked", "busted", "unreviewed", "garbage", "junk", "sloppy", "shoddy", "bugs", "regressions")
}

// banOfPerson: "alex needs a deploy ban", "ban the interns from prod".
func banOfPerson(l *linter, i, n int) bool {
	if personSubject(l, i, n) || personNext(l, i, n) {
		return true
	}
	for k := i - 1; k >= 0 && k >= i-4 && l.toks[k+1].joined; k-- {
		if c := l.classify(k); c == personRef || c == nameRef {
			return true
		}
	}
	return false
}

// badTimingByPerson: "tim rebooted the EU shard in the middle of the
// tournament": a person's action put at the worst moment.
func badTimingByPerson(l *linter, i, n int) bool {
	if c, _ := l.clauseSubject(i); c != personRef && c != nameRef || l.possessiveSubject(i) {
		return false
	}
	// "we expect traffic to double during the sale": a forecast.
	for k := i - 1; k >= 0 && k >= i-8 && l.toks[k+1].joined; k-- {
		switch string(l.word(l.toks[k])) {
		case "expect", "expected", "expects", "forecast", "predict", "predicted", "anticipate", "anticipated", "projected":
			return false
		}
	}
	return l.wordJoinedWithin(i+n, 4, "tournament", "launch", "peak", "live", "event", "sale", "freeze", "match", "game", "stream", "keynote", "demo", "rush", "checkout", "business", "exam", "exams", "clinic", "trading", "payroll")
}

// whoRhetorical: "who schedules a db migration during a live event": a
// question that accuses, not one that asks who is on call.
func whoRhetorical(l *linter, i, n int) bool {
	v := l.verbAfter(i + n)
	if !strings.HasSuffix(v, "s") || strings.HasSuffix(v, "ss") || v == "is" || v == "has" || v == "was" {
		return false
	}
	if w := l.verbAfter(i + n + 1); w == "these" || w == "such" {
		return true // "who approves these changes"
	}
	for k := i + n + 1; k < len(l.toks) && k < i+n+10; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			return false
		}
		switch string(l.word(l.toks[k])) {
		case "during", "friday", "peak", "live", "prod", "production", "middle", "3am", "holiday", "christmas", "launch", "without":
			return true
		}
	}
	return false
}

// overrodeWarning: "Sam overrode the safety check", "overrode the
// reviewer's objection": a person setting aside a guard or advice.
func overrodeWarning(l *linter, i, n int) bool {
	if !notSystemSubject(l, i, n) {
		return false
	}
	for k := i + n; k < len(l.toks) && k < i+n+4 && l.toks[k].joined; k++ {
		switch singular(string(l.word(l.toks[k]))) {
		case "warning", "alert", "check", "guard", "guardrail", "prompt", "objection", "advice", "recommendation", "safeguard", "concern", "block", "lock":
			return true
		}
	}
	return false
}

// testedInProd: "jake pls stop testing in prod", but not a rollout that
// tests in production on purpose ("behind a feature flag, per the plan").
func testedInProd(l *linter, i, n int) bool {
	if !notSystemSubject(l, i, n) {
		return false
	}
	for k := i + n; k < len(l.toks) && k < i+n+12; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			break
		}
		switch string(l.word(l.toks[k])) {
		case "per", "because", "since", "behind", "flag", "flags", "canary", "plan", "planned", "deliberately", "intentionally", "synthetic":
			return false
		}
	}
	return true
}

// personAhead: "naturally, someone in IT decided": a person is the
// subject of what follows (within the clause or past one comma).
func personAhead(l *linter, i, n int) bool {
	for k := i + n; k < len(l.toks) && k < i+n+4; k++ {
		if l.sentenceEndBefore(k) {
			return false
		}
		switch l.classify(k) {
		case personRef, nameRef:
			return true
		case systemRef:
			return false
		}
	}
	return false
}

// withoutAnything: "closing tickets without fixing anything", "without
// telling anyone", in a clause about people.
func withoutAnything(l *linter, i, n int) bool {
	k := i + n
	if k+1 >= len(l.toks) || !l.toks[k].joined || !l.toks[k+1].joined {
		return false
	}
	if !strings.HasSuffix(string(l.word(l.toks[k])), "ing") {
		return false
	}
	switch string(l.word(l.toks[k+1])) {
	case "anything", "anyone", "anybody":
		return clauseAboutPeople(l, i, n)
	}
	return false
}

// keptDoingHarm: "staff kept closing tickets without fixing anything",
// "Sam kept ignoring the pages".
func keptDoingHarm(l *linter, i, n int) bool {
	v := l.verbAfter(i + n)
	if !strings.HasSuffix(v, "ing") {
		return false
	}
	if !personSubject(l, i, n) {
		return false
	}
	for k := i + n + 1; k < len(l.toks) && k < i+n+8 && l.toks[k].joined; k++ {
		switch string(l.word(l.toks[k])) {
		case "without", "anyway", "regardless", "despite", "instead":
			return true
		}
	}
	switch v {
	case "ignoring", "skipping", "closing", "snoozing", "muting", "silencing", "dismissing", "deferring", "pushing", "breaking", "forgetting":
		return true
	}
	return false
}

// personOrTeamNext: "typical Dave", "typical marketing".
func personOrTeamNext(l *linter, i, n int) bool {
	if personNext(l, i, n) {
		return true
	}
	return i+n < len(l.toks) && l.toks[i+n].joined && teamWords()[string(l.word(l.toks[i+n]))]
}

// damageAround: "someone in finance deleted the shared drive, thanks a
// lot": thanks in the same sentence as damage.
func damageAround(l *linter, i, n int) bool {
	if damageAhead(l, i, n) {
		return true
	}
	for k := i - 1; k >= 0 && k >= i-10; k-- {
		if damageWords()[string(l.word(l.toks[k]))] && !l.namedPage(k) {
			return true
		}
		if !l.toks[k+1].joined && l.sentenceEndBefore(k+1) {
			return false
		}
	}
	return false
}

// attributedToPerson: "the outage was entirely down to Priya", "is all
// down to the intern"; "down to Sam's quick rollback" credits someone.
func attributedToPerson(l *linter, i, n int) bool {
	if i == 0 || !l.toks[i].joined {
		return false
	}
	be := false
	for k := i - 1; k >= 0 && k >= i-3 && l.toks[k+1].joined; k-- {
		switch string(l.word(l.toks[k])) {
		case "was", "is", "were", "are", "be", "been", "it's", "that's", "entirely":
			be = true
		}
	}
	return be && personNextNotPossessive(l, i, n)
}

// damageThenPerson: "a total disaster thanks to Mike".
func damageThenPerson(l *linter, i, n int) bool {
	ref, at := l.nounAt(i + n)
	if ref != personRef && ref != nameRef {
		return false
	}
	if w := string(l.word(l.toks[at])); strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "s'") {
		return false
	}
	for k := i - 1; k >= 0 && k >= i-8; k-- {
		if damageWords()[string(l.word(l.toks[k]))] {
			return true
		}
		if !l.toks[k+1].joined && l.sentenceEndBefore(k+1) {
			return false
		}
	}
	return false
}

// tookTooLong: "the on-call took 45 minutes to even look at the page".
func tookTooLong(l *linter, i, n int) bool {
	person := clauseOfPerson(l, i, n)
	for k := i - 1; k >= 0 && k >= i-6 && l.toks[k+1].joined; k-- {
		switch string(l.word(l.toks[k])) {
		case "took", "takes", "take", "taking", "needed", "waited":
			return person
		}
		// "it took the on-call forty minutes to even open the laptop"
		if c := l.classify(k); c == personRef || c == nameRef {
			person = true
		}
	}
	return false
}

// actedAnyway: "overruled engineering and shipped anyway", "deployed
// regardless": a person acting against a signal; "we rolled back anyway,
// to be safe" says why.
func actedAnyway(l *linter, i, n int) bool {
	if i == 0 || !l.toks[i].joined {
		return false
	}
	switch string(l.word(l.toks[i-1])) {
	case "shipped", "deployed", "pushed", "merged", "released", "proceeded", "continued", "did", "went", "approved", "launched", "ran":
	default:
		return false
	}
	if k := i + n; k < len(l.toks) && !l.sentenceEndBefore(k) {
		switch string(l.word(l.toks[k])) {
		case "to", "because", "since", "as", "per":
			return false
		}
	}
	return personSubject(l, i-1, 1) || clauseOfPerson(l, i, n)
}

// choseOver: "he chose convenience over safety", "prioritised speed over
// correctness".
func choseOver(l *linter, i, n int) bool {
	for k := i - 1; k >= 0 && k >= i-4 && l.toks[k+1].joined; k-- {
		switch string(l.word(l.toks[k])) {
		case "chose", "choose", "chooses", "choosing", "prioritised", "prioritized", "prioritising", "prioritizing", "put", "puts", "valued", "values", "favoured", "favored":
			return personSubject(l, k, 1) || clauseOfPerson(l, i, n)
		}
	}
	return false
}

// damageOrNeglectAhead: "managed to delete the bucket", "somehow managed
// to miss a 400-line deletion".
func damageOrNeglectAhead(l *linter, i, n int) bool {
	switch l.verbAfter(i + n) {
	case "ship", "push", "deploy", "release", "send", "roll":
		// "managed to ship the bug to every customer"; not "the bug fix".
		for k := i + n + 1; k < len(l.toks) && k <= i+n+4 && l.toks[k].joined; k++ {
			switch string(l.word(l.toks[k])) {
			case "bug", "bugs", "regression", "regressions", "breakage", "outage":
				if nx := l.verbAfter(k + 1); nx != "fix" && nx != "fixes" && nx != "patch" {
					return true
				}
			}
		}
	case "miss", "ignore", "forget", "overlook", "skip", "lose", "botch", "screw", "mess", "misread", "misconfigure":
		return personSubject(l, i, n)
	}
	return damageAhead(l, i, n)
}

// actionTaken: "appropriate action has been taken", "corrective action
// will be taken against".
func actionTaken(l *linter, i, n int) bool {
	return l.wordJoinedWithin(i+n, 5, "taken", "against", "regarding")
}

// sentenceOfPerson: the sentence opens with a person ("Ravi was, once
// again, the weak link"); "the weak link was the NAT gateway" does not.
func sentenceOfPerson(l *linter, i, n int) bool {
	start := i
	for start > 0 && !l.sentenceStart(start) {
		start--
	}
	for k, seen := start, 0; k < i && seen < 3; k++ {
		if w := l.word(l.toks[k]); determiners()[string(w)] || skippable()[string(w)] {
			continue
		}
		seen++
		switch l.classify(k) {
		case personRef, nameRef:
			return true
		case systemRef:
			return false
		}
	}
	return false
}

// notMyOpinion: "Lee doesn't test his changes", but not "I don't think
// that's right", a hedge on one's own view.
func notMyOpinion(l *linter, i, n int) bool {
	if !personSubject(l, i, n) {
		return false
	}
	if i > 0 && l.toks[i].joined && string(l.word(l.toks[i-1])) == "i" && string(l.word(l.toks[i+n-1])) == "think" {
		return false
	}
	return true
}

// sarcasticPraise: praise beside damage ("great job breaking prod", "db
// down, nice going sam"), but not praise for the recovery ("great work
// keeping the outage short", "well done on the rollback").
func sarcasticPraise(l *linter, i, n int) bool {
	for k := i + n; k < len(l.toks) && k < i+n+4; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			break
		}
		switch string(l.word(l.toks[k])) {
		case "keeping", "limiting", "restoring", "fixing", "recovering", "mitigating", "bringing", "catching", "spotting",
			"finding", "getting", "rolling", "containing", "diagnosing", "rollback", "recovery", "fix", "comms", "communication",
			"handling", "coordinating", "responding", "response", "debugging", "triage", "mitigation":
			return false
		}
	}
	// "Kwame's rollback was excellent work": the praised thing is a fix.
	for k := i - 1; k >= 0 && k >= i-4 && l.toks[k+1].joined; k-- {
		switch string(l.word(l.toks[k])) {
		case "rollback", "recovery", "restore", "fix", "mitigation", "handover", "handoff", "triage", "diagnosis":
			return false
		}
	}
	// "kudos to Ivan for turning an outage into a five-minute fix".
	for k := i + n; k < len(l.toks) && k < i+n+20; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			break
		}
		switch string(l.word(l.toks[k])) {
		case "saved", "spared", "averted", "shortened":
			// "... and saved us a much longer outage".
			return false
		}
		if fixWords()[string(l.word(l.toks[k]))] && !l.fixTurnedBad(k) && (l.verbAfter(k+1) == "" || k+1 >= len(l.toks) || !l.toks[k+1].joined) {
			return false
		}
	}
	return damageAround(l, i, n)
}

// howBlame: "how did nobody notice", "how could you miss that", "how did
// the reviewer not see it"; "how could we make it harder" asks for a fix.
func howBlame(l *linter, i, n int) bool {
	switch l.verbAfter(i + n) {
	case "did", "could", "couldn't", "can", "would", "does", "do", "didn't":
	default:
		return false
	}
	ref, at := l.nounAt(i + n + 1)
	if ref != personRef && ref != nameRef {
		return false
	}
	for k := at + 1; k < len(l.toks) && k <= at+3 && l.toks[k].joined; k++ {
		switch w := string(l.word(l.toks[k])); w {
		case "not", "never", "possibly", "miss", "forget", "ignore", "let", "skip", "fail", "overlook", "break", "approve",
			"think", "allow", "notice", "see", "spot", "catch", "push", "deploy", "merge", "sign", "believe", "wave":
			// "how did you notice" asks how it went; after "nobody" or a
			// negation it asks why not.
			if (w == "notice" || w == "see" || w == "spot" || w == "catch") && !l.negatedBetween(i, k) {
				return false
			}
			if nx := l.verbAfter(k + 1); w == "fail" && (nx == "over" || nx == "back") {
				return false // "fail over" is an action
			}
			return true
		}
	}
	return false
}

// negatedBetween: a negation, or "nobody", between tokens i and k.
func (l *linter) negatedBetween(i, k int) bool {
	for m := i; m < k; m++ {
		switch w := string(l.word(l.toks[m])); w {
		case "not", "never", "nobody", "noone", "no":
			return true
		default:
			if strings.HasSuffix(w, "n't") {
				return true
			}
		}
	}
	return false
}

// alwaysPerson: "why is it always the payments team", "it's always Dave";
// "it's always DNS" speaks of a system.
func alwaysPerson(l *linter, i, n int) bool {
	if i == 0 || !l.toks[i].joined {
		return false
	}
	switch string(l.word(l.toks[i-1])) {
	case "it", "it's", "its":
	default:
		return false
	}
	return personOrTeamNextAfterThe(l, i+n)
}

func personOrTeamNextAfterThe(l *linter, k int) bool {
	for ; k < len(l.toks) && l.toks[k].joined && determiners()[string(l.word(l.toks[k]))]; k++ {
	}
	if k >= len(l.toks) || !l.toks[k].joined {
		return false
	}
	if teamWords()[string(l.word(l.toks[k]))] {
		return true
	}
	ref, _ := l.nounAt(k)
	return ref == personRef || ref == nameRef
}

// underTheRug: "swept the near-miss under the rug".
func underTheRug(l *linter, i, n int) bool {
	return l.wordJoinedWithin(i+n, 5, "rug", "carpet")
}

// personObjectOrder: "fire the on-call", "we should sack whoever approved
// this"; "fire the alert" is a system's.
func personObjectOrder(l *linter, i, n int) bool {
	ref, at := l.nounAt(i + n)
	if ref != personRef && ref != nameRef {
		return false
	}
	// "can someone look" asks, "can" is a verb only before a person object.
	if string(l.word(l.toks[i])) == "can" {
		return i > 0 && l.toks[i].joined && (modals[string(l.word(l.toks[i-1]))] || string(l.word(l.toks[i-1])) == "just")
	}
	for k := i + n; k < at; k++ {
		if !determiners()[string(l.word(l.toks[k]))] || string(l.word(l.toks[k])) == "one" {
			return false
		}
	}
	return true
}

// onSomeonesShoulders: "squarely on the platform team's shoulders".
func onSomeonesShoulders(l *linter, i, n int) bool {
	if i == 0 || !l.toks[i].joined {
		return false
	}
	p := string(l.word(l.toks[i-1]))
	if !strings.HasSuffix(p, "'s") && !strings.HasSuffix(p, "s'") {
		return false
	}
	if c := l.classify(i - 1); c != personRef && c != nameRef {
		return false
	}
	for k := i - 2; k >= 0 && k >= i-5 && l.toks[k+1].joined; k-- {
		if string(l.word(l.toks[k])) == "on" {
			return true
		}
	}
	return false
}

// personSubjectCoasting: "the DBA coasted through the on-call week";
// "the car coasted to a stop" is not a person.
func personSubjectCoasting(l *linter, i, n int) bool {
	return personSubject(l, i, n) && l.verbAfter(i+n) == "through"
}

// blameOnShoulders: "this is squarely on the platform team's shoulders".
func blameOnShoulders(l *linter, i, n int) bool {
	for k := i + n - 1; k >= 0 && k >= i-6; k-- {
		if w := string(l.word(l.toks[k])); strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "s'") || w == "his" || w == "her" || w == "their" {
			if c := l.classify(k); c == personRef || c == nameRef || w == "his" || w == "her" || w == "their" {
				return true
			}
		}
	}
	return false
}

// traitWords are judgements of a person's character or competence.
const traitWords = "rude|lazy|careless|arrogant|incompetent|clueless|useless|hopeless|reckless|sloppy|stupid|dumb|foolish|" +
	"naive|naïve|ignorant|negligent|irresponsible|unprofessional|unreliable|untrustworthy|dishonest|inattentive|forgetful|" +
	"impatient|stubborn|overconfident|complacent|cocky|dismissive|defensive|evasive|unhelpful|uncooperative|obstructive|" +
	"hostile|belligerent|disorganised|disorganized|clumsy|inept|hapless|feckless|spineless|gutless|cowardly|indecisive|" +
	"lax|slack-jawed|thick|dense|dim|slow-witted|half-witted|brainless|thoughtless|heedless|cavalier|flippant|smug|" +
	"sloppier|lazier|dumber|stupider|incapable|unfit|unqualified|untrained|unprepared|inexperienced|green|amateurish|" +
	"overzealous|trigger-happy|gung-ho|cowboy|slapdash|scatterbrained|absent-minded|distracted|checked-out|burnt-out|asleep|" +
	"bored|impatient|sloppy|lazy|unmotivated|disinterested|uninterested|careless"

// traitOfPerson: "a rude engineer", "the on-call seemed clueless", "Dave
// is hopeless"; "a green build", "the dense index" speak of things.
func traitOfPerson(l *linter, i, n int) bool {
	if ref, at := l.nounAt(i + n); at == i+n && (ref == personRef || ref == nameRef) {
		w := string(l.word(l.toks[i]))
		return w != "green" && w != "asleep" && w != "slow-witted" || ref == personRef
	}
	if i == 0 || !l.toks[i].joined {
		return false
	}
	k := i - 1
	if isAdverb(l.word(l.toks[k])) || string(l.word(l.toks[k])) == "so" || string(l.word(l.toks[k])) == "too" {
		k--
	}
	if k < 0 || !l.toks[k+1].joined {
		return false
	}
	switch string(l.word(l.toks[k])) {
	case "was", "is", "were", "are", "be", "been", "being", "seemed", "seems", "looked", "looks", "got", "gets", "became", "becomes", "remained", "acted", "sounded", "felt":
		if w := string(l.word(l.toks[i])); w == "green" || w == "asleep" || w == "distracted" {
			// "the build was green"; "the on-call was asleep at 03:00"
			// is a fact of the hour; "distracted" by what, is said after.
			return false
		}
		return personSubject(l, k, 1)
	}
	return false
}

// personToHarm: "Sam's change led to the outage", "the intern's script
// resulted in data loss".
func personToHarm(l *linter, i, n int) bool {
	if !personSubject(l, i, n) {
		return false
	}
	for k := i + n; k < len(l.toks) && k < i+n+4 && l.toks[k].joined; k++ {
		switch w := string(l.word(l.toks[k])); singular(w) {
		case "outage", "incident", "downtime", "failure", "breach", "disruption", "mess", "corruption", "leak", "crash", "disaster":
			return true
		default:
			if w == "loss" || w == "losses" {
				return true
			}
		}
	}
	return false
}

// questioned: the word ends a question ("Coincidence? I think not.").
func questioned(l *linter, i, n int) bool {
	end := l.toks[i+n-1].end
	for end < len(l.doc) && l.doc[end] == ' ' {
		end++
	}
	return end < len(l.doc) && l.doc[end] == '?'
}

// personInSentence: a person is named later in the sentence ("funny how
// the alerts stopped the moment Sam took over").
func personInSentence(l *linter, i, n int) bool {
	for k := i + n; k < len(l.toks) && k < i+n+14; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			return false
		}
		if c := l.classify(k); c == nameRef || c == personRef && !genericPronouns[string(l.word(l.toks[k]))] {
			return true
		}
	}
	return false
}

// genericPronouns speak of anyone ("funny how you can tell").
var genericPronouns = map[string]bool{"you": true, "we": true, "i": true, "one": true, "us": true, "me": true, "u": true}

// endsSentence: nothing but a full stop, question or exclamation mark
// follows in the sentence.
func endsSentence(l *linter, i, n int) bool {
	k := i + n
	return k >= len(l.toks) || l.sentenceEndBefore(k)
}

// personThenTo: "bold of the DBA to drop a table".
func personThenTo(l *linter, i, n int) bool {
	ref, at := l.nounAt(i + n)
	return (ref == personRef || ref == nameRef) && l.verbAfter(at+1) == "to"
}

// memoNotGot: "not everyone got the memo", "didn't get the memo".
func memoNotGot(l *linter, i, n int) bool {
	return l.negatedBetween(max(0, i-3), i) || i >= 2 && string(l.word(l.toks[i-1])) == "everyone" && string(l.word(l.toks[i-2])) == "not"
}

// whenAhead: "who needs staging when you have Tom".
func whenAhead(l *linter, i, n int) bool {
	for k := i + n; k < len(l.toks) && k < i+n+6 && l.toks[k].joined; k++ {
		if string(l.word(l.toks[k])) == "when" {
			return true
		}
	}
	return false
}

// classicFromPerson: "the classic push-and-pray from backend".
func classicFromPerson(l *linter, i, n int) bool {
	for k := i + n; k < len(l.toks) && k < i+n+4 && l.toks[k].joined; k++ {
		if w := string(l.word(l.toks[k])); w == "from" || w == "by" {
			return personOrTeamNextAfterThe(l, k+1)
		}
	}
	return false
}

// negatedBefore: a negation within the few words before the phrase
// ("did not avail himself of the runbook").
func negatedBefore(l *linter, i, n int) bool {
	return l.negatedBetween(max(0, i-3), i)
}

// personDamage: "Regrettably, Mr. Patel deleted the production bucket":
// a person named after the opener, and damage in the sentence.
func personDamage(l *linter, i, n int) bool {
	return personAhead(l, i, n) && damageAhead(l, i, n)
}

// notModelRetrained: retraining people ("the on-call will be retrained"),
// not a model ("retrained the model on last week's data").
func notModelRetrained(l *linter, i, n int) bool {
	for k := i + n; k < len(l.toks) && k < i+n+3 && l.toks[k].joined; k++ {
		switch singular(string(l.word(l.toks[k]))) {
		case "model", "classifier", "network", "embedding", "ranker", "detector", "predictor", "weight":
			return false
		}
	}
	return true
}

// toAttacker: "Sarah gave the attacker her MFA code", "clicked the
// phishing link": a person handing something to an attacker.
func toAttacker(l *linter, i, n int) bool {
	if !personSubject(l, i, n) {
		return false
	}
	for k := i + n; k < len(l.toks) && k < i+n+6 && l.toks[k].joined; k++ {
		switch singular(string(l.word(l.toks[k]))) {
		case "attacker", "scammer", "phisher", "phishing", "malicious", "fake", "fraudster", "impostor", "imposter", "hacker":
			return true
		}
	}
	return false
}

// secretsLeaked: "committed the AWS keys to a public repo", "pasted the
// token into a public channel", by a person, with no reason given.
func secretsLeaked(l *linter, i, n int) bool {
	if !personSubjectUnexplained(l, i, n) {
		return false
	}
	secret := false
	for k := i + n; k < len(l.toks) && k < i+n+8 && l.toks[k].joined; k++ {
		switch singular(string(l.word(l.toks[k]))) {
		case "key", "credential", "secret", "password", "token", "api-key", "apikey", "cert", "certificate":
			secret = true
		case "public", "github", "pastebin", "internet", "slack", "chat", "repo", "repository":
			if secret {
				return true
			}
		}
	}
	return false
}

// toldWhenNot: "told the customer it was fixed when it wasn't".
func toldWhenNot(l *linter, i, n int) bool {
	if !endsSentenceWithin(l, i+n, 4) || !l.negatedBetween(i+n, min(len(l.toks), i+n+4)) {
		return false
	}
	for k := i - 1; k >= 0 && k >= i-12; k-- {
		switch string(l.word(l.toks[k])) {
		case "told", "said", "claimed", "reported", "assured", "promised", "announced", "insisted", "declared", "tells", "says", "claims":
			return personSubject(l, k, 1)
		}
		if !l.toks[k+1].joined && l.sentenceEndBefore(k+1) {
			return false
		}
	}
	return false
}

// endsSentenceWithin: the sentence ends within m tokens from k.
func endsSentenceWithin(l *linter, k, m int) bool {
	for j := k; j <= k+m; j++ {
		if j >= len(l.toks) || l.sentenceEndBefore(j) {
			return true
		}
	}
	return false
}

// promisedWithoutAgreement: "the PM promised a date that engineering
// never agreed to".
func promisedWithoutAgreement(l *linter, i, n int) bool {
	if !personSubject(l, i, n) {
		return false
	}
	for k := i + n; k < len(l.toks) && k < i+n+10; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			return false
		}
		switch string(l.word(l.toks[k])) {
		case "never", "without", "before", "nobody":
			return true
		}
	}
	return false
}

// markedAsNoise: "the analyst marked the phishing report as spam": a
// person, not a mail filter, filing a signal away; "marked the test as
// flaky" is ordinary triage.
func markedAsNoise(l *linter, i, n int) bool {
	if !personSubject(l, i, n) {
		return false
	}
	for k := i + n; k < len(l.toks) && k < i+n+8 && l.toks[k].joined; k++ {
		if string(l.word(l.toks[k])) == "as" {
			switch l.verbAfter(k + 1) {
			case "spam", "noise", "junk", "false", "wontfix", "harmless", "irrelevant":
				return true
			}
			return false
		}
	}
	return false
}

// trailingJab: "the developer committed the keys to a public repo,
// again": an aside after a comma that ends a sentence about a person.
func trailingJab(l *linter, i, n int) bool {
	if i == 0 || l.toks[i].joined || l.sentenceEndBefore(i) || !endsSentence(l, i, n) {
		return false
	}
	start := i - 1
	for start > 0 && !l.sentenceStart(start) {
		start--
	}
	for k := start; k < i; k++ {
		if c := l.classify(k); c == nameRef || c == personRef && !genericPronouns[string(l.word(l.toks[k]))] {
			return true
		}
	}
	return false
}

// overObjections: "pushed the launch through over engineering's
// objections".
func overObjections(l *linter, i, n int) bool {
	for k := i + n; k < len(l.toks) && k < i+n+4 && l.toks[k].joined; k++ {
		switch singular(string(l.word(l.toks[k]))) {
		case "objection", "concern", "protest", "warning", "advice", "head":
			return clauseOfPerson(l, i, n) || personSubject(l, i, n)
		}
	}
	return false
}

// tookHours: "ops took three hours to notice": a person's response
// measured in hours or days, not minutes.
func tookHours(l *linter, i, n int) bool {
	long := false
	for k := i - 1; k >= 0 && k >= i-8 && l.toks[k+1].joined; k-- {
		switch w := string(l.word(l.toks[k])); w {
		case "hours", "days", "weeks", "ages", "forever", "months", "hour", "day", "week", "eternity":
			long = true
		case "took", "takes", "take", "taking", "needed":
			for m := i + n; m < len(l.toks) && m < i+n+12; m++ {
				if w := string(l.word(l.toks[m])); w == "within" || w == "sla" || w == "slo" || w == "because" {
					return false // "within their contractual SLA"
				}
			}
			// "it took the web team a full day to notice".
			obj := l.nounAfter(k + 1)
			return long && (personSubject(l, k, 1) || clauseOfPerson(l, k, 1) || obj == personRef || obj == nameRef)
		}
	}
	return false
}

// possessedTwoBack: "the planner's spreadsheet error", "Sam's config
// mistake": someone's work named with a noun between.
func possessedTwoBack(l *linter, i, n int) bool {
	if possessedByPerson(l, i, n) {
		return true
	}
	if i < 2 || !l.toks[i].joined || !l.toks[i-1].joined {
		return false
	}
	w := string(l.word(l.toks[i-2]))
	if !strings.HasSuffix(w, "'s") && !strings.HasSuffix(w, "s'") {
		return false
	}
	c := l.classify(i - 2)
	return c == personRef || c == nameRef
}

// possessedUnexplained: "the sysadmin's decision to skip the staging",
// unless the sentence says why.
func possessedUnexplained(l *linter, i, n int) bool {
	return possessedByPerson(l, i, n) && unexplained(l, i, n)
}

// scareQuote: a quotation of one to three words right after someone's
// possessive ("Sarah's "quick fix"", "his "testing"") is the author's
// irony, not someone else's speech.
func scareQuote(s string, open int, quoted string) bool {
	if n := len(strings.Fields(quoted)); n == 0 || n > 3 || strings.ContainsAny(quoted, ".!?:;\n") {
		return false
	}
	before := strings.TrimRight(s[:open], " ")
	sp := strings.LastIndexAny(before, " \n\t(")
	prev := strings.ToLower(before[sp+1:])
	prev = strings.ReplaceAll(prev, "’", "'")
	switch prev {
	case "his", "her", "their", "your", "so-called":
		// Not "the" in general: 'we dropped the "root cause" heading'
		// mentions a phrase rather than using it.
		return true
	case "the", "a", "an", "our", "this", "that", "to":
		// ... unless the quoted word is one irony favours: the "senior"
		// engineer, a "quick fix", the "tested" build, decided to
		// "optimise" the query.
		return ironic[strings.ToLower(strings.Fields(quoted)[0])]
	}
	return strings.HasSuffix(prev, "'s") || strings.HasSuffix(prev, "s'")
}

// ironic words are the ones scare quotes mock.
var ironic = map[string]bool{"senior": true, "expert": true, "experts": true, "professional": true, "professionals": true,
	"genius": true, "fix": true, "fixed": true, "tested": true, "reviewed": true, "quick": true, "simple": true, "small": true,
	"minor": true, "harmless": true, "safe": true, "careful": true, "testing": true, "review": true, "experienced": true,
	"engineer": true, "engineers": true, "lead": true, "architect": true, "plan": true, "improvement": true, "cleanup": true,
	"optimise": true, "optimize": true, "improve": true, "tidy": true, "clean": true, "simplify": true, "help": true, "fixing": true}

// scareQuoted: the token at i opens a scare quote that mask left readable
// (Sarah's "quick fix"): the quotation marks themselves are the jab.
func (l *linter) scareQuoted(doc, masked []byte, i int) (Finding, bool) {
	t := l.toks[i]
	if t.start == 0 || i == 0 || masked[t.start-1] != ' ' || (doc[t.start-1] != '"' && !bytes.HasSuffix(doc[:t.start], []byte("“"))) {
		return Finding{}, false
	}
	end := bytes.IndexAny(doc[t.start:], "\"”")
	if end < 0 {
		return Finding{}, false
	}
	switch p := string(l.word(l.toks[i-1])); p {
	case "his", "her", "their", "your", "so-called":
	case "the", "a", "an", "our", "this", "that", "to":
		if !ironic[string(l.word(t))] {
			return Finding{}, false
		}
	default:
		if c := l.classify(i - 1); c != personRef && c != nameRef {
			return Finding{}, false // Slack's "Post" is a product's name
		}
	}
	line, col := position(doc, t.start)
	return Finding{Line: line, Col: col, Category: Normative, Suggestion: sugSarcasm, Phrase: string(doc[t.start : t.start+end])}, true
}

// personUnexplained: a person is named in the sentence and no reason is
// given ("Ops let the cert lapse for the third time"; "the certificate
// lapsed for the third time because renewal is manual" explains).
func personUnexplained(l *linter, i, n int) bool {
	return unexplained(l, i, n) && (personSubject(l, i, n) || clauseOfPerson(l, i, n))
}

// workNouns are what people make or do for an incident.
var workNouns = words(`handover handoff hand-off review runbook write-up writeup report response communication comms
	fix job work effort analysis testing documentation docs code pr handling investigation triage planning
	estimate estimates update updates postmortem rca escalation`)

// workJudged: "the handover was useless", "their code is garbage": a
// judgement of what people made.
func workJudged(l *linter, i, n int) bool {
	k := i - 1
	if k >= 0 && l.toks[k+1].joined && (isAdverb(l.word(l.toks[k])) || string(l.word(l.toks[k])) == "so" || string(l.word(l.toks[k])) == "too") {
		k--
	}
	if k < 1 || !l.toks[k+1].joined {
		return false
	}
	switch string(l.word(l.toks[k])) {
	case "was", "is", "were", "are", "been", "looked", "looks", "seemed", "seems":
	default:
		return false
	}
	if !l.toks[k].joined {
		return false
	}
	return workNouns()[string(l.word(l.toks[k-1]))]
}

// whileDownByPerson: "the manager kept the team in a meeting while the
// site was down".
func whileDownByPerson(l *linter, i, n int) bool {
	if !clauseOfPerson(l, i, n) && !personSubject(l, i, n) {
		return false
	}
	return l.wordJoinedWithin(i+n, 6, "down", "burning", "fire", "offline", "melting", "broken")
}

// pastedFromTheWeb: "pasted a random Stack Overflow answer into
// production", "copied a script from the internet".
func pastedFromTheWeb(l *linter, i, n int) bool {
	if !personSubjectUnexplained(l, i, n) {
		return false
	}
	return l.wordJoinedWithin(i+n, 8, "random", "stackoverflow", "overflow", "internet", "chatgpt", "forum", "reddit", "blog", "gist")
}

// deniedTrouble: "Dan kept saying it was fine while the error rate
// climbed".
func deniedTrouble(l *linter, i, n int) bool {
	if !personSubject(l, i, n) {
		return false
	}
	return l.wordJoinedWithin(i+n, 6, "fine", "ok", "okay", "nothing", "normal", "control", "harmless", "unrelated", "wrong")
}

// insistedAgainst: "insisted on debugging instead of rolling back",
// "insisted on shipping despite the red build".
func insistedAgainst(l *linter, i, n int) bool {
	if !personSubject(l, i, n) {
		return false
	}
	for k := i + n; k < len(l.toks) && k < i+n+10; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			return false
		}
		switch string(l.word(l.toks[k])) {
		case "instead", "despite", "against", "regardless", "over":
			return true
		}
	}
	return false
}

// personAround: a person opens the sentence or is named after the phrase.
func personAround(l *linter, i, n int) bool {
	return sentenceOfPerson(l, i, n) || personInSentence(l, i, n)
}

// wentHomeUnhanded: "filled the shared disk and went home", but not
// "handed her pager to Kim and went home".
func wentHomeUnhanded(l *linter, i, n int) bool {
	if !clauseOfPerson(l, i, n) {
		return false
	}
	for k := i - 1; k >= 0 && k >= i-12; k-- {
		switch string(l.word(l.toks[k])) {
		case "handed", "handing", "handover", "handoff", "hand-off", "pager", "finished", "done", "resolved", "all-clear":
			return false
		}
		if !l.toks[k+1].joined && l.sentenceEndBefore(k+1) {
			break
		}
	}
	return true
}

// ensurePersonNever: "ensure Sam never touches the billing config again",
// "make sure the intern can't deploy".
func ensurePersonNever(l *linter, i, n int) bool {
	ref, at := l.nounAt(i + n)
	if ref != personRef && ref != nameRef {
		return false
	}
	switch l.verbAfter(at + 1) {
	case "never", "doesn't", "can't", "cannot", "won't", "isn't", "stops", "stop":
		return true
	}
	return false
}

// despiteByPerson: "Luis restarted the primary despite the warnings",
// "the runbook was never updated by the owning team, despite reminders":
// a person named earlier in the sentence acted against a signal.
func despiteByPerson(l *linter, i, n int) bool {
	if clauseOfPerson(l, i, n) {
		return true
	}
	for k := i - 1; k >= 0 && k >= i-14; k-- {
		if c := l.classify(k); c == nameRef || c == personRef && !genericPronouns[string(l.word(l.toks[k]))] {
			return true
		}
		if !l.toks[k+1].joined && l.sentenceEndBefore(k+1) {
			return false
		}
	}
	return false
}

// personThenDamageAround: "the data was lost because of Kim"; "because of
// Priya, the rollback took two minutes" credits her.
func personThenDamageAround(l *linter, i, n int) bool {
	return personNextNotPossessive(l, i, n) && damageAround(l, i, n)
}

// personNextDirect: "a competent on-call", "a decent engineer".
func personNextDirect(l *linter, i, n int) bool {
	ref, at := l.nounAt(i + n)
	return (ref == personRef || ref == nameRef) && at <= i+n+1
}

// personListed: the phrase is a later item of a list of things a person
// did ("the on-call read the alert, shrugged and went back to bed").
func personListed(l *linter, i int) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		if !l.toks[k+1].joined && !l.sentenceEndBefore(k+1) {
			return sentenceOfPerson(l, i, 1) // a comma before the verb
		}
		if w := string(l.word(l.toks[k])); w != "and" && w != "then" && !isAdverb([]byte(w)) {
			return false
		}
	}
	return false
}

// personSubjectOrList: a person is the subject, or the verb is an item of
// a list of what a person did.
func personSubjectOrList(l *linter, i, n int) bool {
	return personSubject(l, i, n) || personListed(l, i)
}

// aloneAsSentence: "Typical." — the word is a sentence of its own after
// one that names someone.
func aloneAsSentence(l *linter, i, n int) bool {
	if !l.sentenceStart(i) || !endsSentence(l, i, n) || i == 0 {
		return false
	}
	for k := i - 1; k >= 0 && k >= i-20; k-- {
		if c := l.classify(k); c == nameRef || c == personRef && !genericPronouns[string(l.word(l.toks[k]))] {
			return true
		}
	}
	return false
}

// responsibleForHarm: "the contractor who wrote the script is responsible
// for the data loss"; "is responsible for running the backups" is a duty.
func responsibleForHarm(l *linter, i, n int) bool {
	if !personSubject(l, i, n) {
		return false
	}
	for k := i + n; k < len(l.toks) && k < i+n+5 && l.toks[k].joined; k++ {
		switch w := string(l.word(l.toks[k])); singular(w) {
		case "outage", "incident", "downtime", "failure", "breach", "disruption", "mess", "corruption", "leak", "crash", "disaster", "damage", "delay":
			return true
		default:
			if w == "loss" || w == "losses" {
				return true
			}
		}
	}
	return false
}

// personAwayFrom: "keep the junior guys away from the prod configs".
func personAwayFrom(l *linter, i, n int) bool {
	ref, at := l.nounAt(i + n)
	if ref != personRef && ref != nameRef {
		return false
	}
	for k := at + 1; k < len(l.toks) && k <= at+3 && l.toks[k].joined; k++ {
		if string(l.word(l.toks[k])) == "away" || string(l.word(l.toks[k])) == "off" {
			return true
		}
	}
	return false
}

// testInProdAhead: "quit testing stuff in production", "tested the fix in
// prod": testing in production with a word or two between, by a person.
func testInProdAhead(l *linter, i, n int) bool {
	for k := i + n; k < len(l.toks) && k <= i+n+3 && l.toks[k].joined; k++ {
		if string(l.word(l.toks[k])) == "in" && k+1 < len(l.toks) && l.toks[k+1].joined {
			switch string(l.word(l.toks[k+1])) {
			case "prod", "production":
				return testedInProd(l, i, n)
			}
			return false
		}
	}
	return false
}

// personNextUnexplained: "prolonged by Rosa's decision to wait", but not
// "delayed by the web team to fix a test".
func personNextUnexplained(l *linter, i, n int) bool {
	return personNext(l, i, n) && unexplained(l, i, n)
}

// nameNextDirect: "pulled a Dave".
func nameNextDirect(l *linter, i, n int) bool {
	k := i + n
	return k < len(l.toks) && l.toks[k].joined && l.classify(k) == nameRef
}

// whyAccuses: "why didn't the engineer page", but not "why do contractors
// have merge rights to main?", a question about the rules.
func whyAccuses(l *linter, i, n int) bool {
	_, at := l.nounAt(i + n)
	switch l.verbAfter(at + 1) {
	case "have", "has", "need", "needs", "get", "gets", "own", "owns", "hold", "holds":
		return false
	}
	return true
}

// sarcasticOpener: "oh good, platform broke staging again", "awesome,
// the intern has prod access now too": an exclamation of joy before a
// comma, then damage, or a person and "again", "too", "now".
func sarcasticOpener(l *linter, i, n int) bool {
	if !l.sentenceStart(i) {
		return false
	}
	k := i + n
	if k >= len(l.toks) || l.toks[k].joined || l.sentenceEndBefore(k) {
		return false // a comma must follow
	}
	if damageAround(l, i, n) {
		return true
	}
	person, jab := false, false
	for m := k; m < len(l.toks) && m < k+14; m++ {
		if m > k && !l.toks[m].joined && l.sentenceEndBefore(m) {
			break
		}
		switch string(l.word(l.toks[m])) {
		case "again", "too", "another":
			jab = true
		}
		if c := l.classify(m); c == nameRef || c == personRef && !genericPronouns[string(l.word(l.toks[m]))] || teamWords()[string(l.word(l.toks[m]))] {
			person = true
		}
	}
	return person && jab
}

// onSomeonesWatch: "the cert expired on jeff's watch".
func onSomeonesWatch(l *linter, i, n int) bool {
	if i < 2 || !l.toks[i].joined || !l.toks[i-1].joined || string(l.word(l.toks[i-2])) != "on" {
		return false
	}
	switch p := string(l.word(l.toks[i-1])); p {
	case "his", "her", "their", "your":
		return true
	default:
		if strings.HasSuffix(p, "'s") {
			c := l.classify(i - 1)
			return c == personRef || c == nameRef
		}
	}
	return false
}

// personOrTeamNextAtK reads a person or team after "from" or "by".
func personOrTeamNextAfterTheAt(l *linter, i, n int) bool {
	return personOrTeamNextAfterThe(l, i+n)
}

// personSubjectSarcastic: "ops does it on purpose", "I'm convinced Sam
// breaks it deliberately".
func personSubjectSarcastic(l *linter, i, n int) bool {
	return unexplained(l, i, n) && (personSubject(l, i, n) || personAround(l, i, n))
}

// personHappened: "the postmortem will be short: marco happened".
func personHappened(l *linter, i, n int) bool {
	if i == 0 || !l.toks[i].joined || l.verbAfter(i+n) == "to" {
		return false
	}
	c := l.classify(i - 1)
	return (c == nameRef || c == personRef && !genericPronouns[string(l.word(l.toks[i-1]))]) && l.sentenceStart(i-1)
}

// troubleWords say that things went wrong.
var troubleWords = words(`broke broken break breaks outage outages down problem problems south wrong
	pages failed failing failure failures crashed crash mess fire fires chaos`)

// juxtaposedBlame: "things went south the moment Lucy touched the load
// balancer", "since Nadia joined the rotation, we've had three outages",
// "Pat deployed, then everything broke": trouble timed to a named
// person's act, with no cause given.
func juxtaposedBlame(l *linter, i, n int) bool {
	start := i
	for start > 0 && !l.sentenceStart(start) {
		start--
	}
	end := i + n
	for end < len(l.toks) && !(end > i+n && l.sentenceEndBefore(end)) {
		end++
	}
	trouble, actor, never := false, false, false
	first := string(l.word(l.toks[i]))
	for k := start; k < end; k++ {
		w := string(l.word(l.toks[k]))
		// "down until Priya rolled back" credits her: after "until"
		// only a calm that someone ended counts.
		if troubleWords()[w] && first != "until" && first != "till" {
			trouble = true
		}
		if w == "never" {
			never = true
		}
		// "everything was fine until the new guy got admin rights"
		if (w == "fine" || w == "stable" || w == "quiet" || w == "smooth" || w == "smoothly" || w == "nothing") && (first == "until" || first == "till") {
			trouble = true
		}
		if c := l.classify(k); (c == nameRef || c == personRef && !genericPronouns[w] && w != "who" && w != "one") || teamWords()[w] && k+1 < len(l.toks) {
			// The person acts: a verb follows.
			if v := l.verbAfter(k + 1); strings.HasSuffix(v, "ed") || personActs[v] {
				actor = true
			}
		}
		switch w {
		case "because", "due", "caused":
			return false
		}
	}
	if first == "before" && !never {
		return false // "joined two weeks before the outage"
	}
	return trouble && actor
}

// personActs are past forms people's acts take in such sentences.
var personActs = map[string]bool{"took": true, "got": true, "joined": true, "touched": true, "was": true, "came": true,
	"went": true, "made": true, "put": true, "ran": true, "broke": true, "pushed": true, "deployed": true, "merged": true,
	"started": true, "began": true, "arrived": true, "left": true, "logged": true, "signed": true}

// watchTroubleRoll: "put Omar on call and watch the pages roll in".
func watchTroubleRoll(l *linter, i, n int) bool {
	for k := i + n; k < len(l.toks) && k < i+n+3 && l.toks[k].joined; k++ {
		switch string(l.word(l.toks[k])) {
		case "pages", "alerts", "outages", "incidents", "tickets", "errors", "fireworks", "chaos":
			return sentenceOfPerson(l, i, n) || personAround(l, i, n) || true
		}
	}
	return false
}

// personBeforeWith: "with Kyle at the helm".
func personBeforeWith(l *linter, i, n int) bool {
	if i < 2 || string(l.word(l.toks[i-2])) != "with" {
		return false
	}
	c := l.classify(i - 1)
	return c == nameRef || c == personRef
}

// personInSentenceAnywhere: a named person or role anywhere in the text.
func personInSentenceAnywhere(l *linter, i, n int) bool {
	for k := range l.toks {
		if c := l.classify(k); c == nameRef || c == personRef && !genericPronouns[string(l.word(l.toks[k]))] {
			return true
		}
	}
	return false
}

// nothingForHours: "support escalated nothing for six hours".
func nothingForHours(l *linter, i, n int) bool {
	if i == 0 || !l.toks[i].joined || !personSubject(l, i-1, 1) {
		return false
	}
	return l.wordJoinedWithin(i+n, 3, "hours", "days", "weeks", "hour", "day", "week", "ages", "months")
}

// personSubjectThenHarm: "Andre has a track record of breaking things",
// "ops has a history of ignoring capacity warnings".
func personSubjectThenHarm(l *linter, i, n int) bool {
	if !personSubject(l, i, n) {
		return false
	}
	for k := i + n; k < len(l.toks) && k < i+n+3 && l.toks[k].joined; k++ {
		switch string(l.word(l.toks[k])) {
		case "breaking", "ignoring", "skipping", "missing", "forgetting", "deploying", "pushing", "causing", "dropping",
			"rushing", "cutting", "bypassing", "deleting", "overlooking", "errors", "mistakes", "outages", "incidents":
			return true
		}
	}
	return false
}

// personActsBeforeUnexplained: "restarted the wrong cluster", but not
// "replaced the wrong disk because the slot labels were reversed".
func personActsBeforeUnexplained(l *linter, i, n int) bool {
	return personActsBefore(l, i, n) && unexplained(l, i, n)
}

// clauseOrSentenceOfPerson: a person is the clause's subject, or named in
// the sentence ("Instead of following the runbook, Leo decided ...").
func clauseOrSentenceOfPerson(l *linter, i, n int) bool {
	return clauseOfPerson(l, i, n) || personAround(l, i, n)
}

// throughAhead: "waved the change through".
func throughAhead(l *linter, i, n int) bool {
	for k := i + n; k < len(l.toks) && k <= i+n+3 && l.toks[k].joined; k++ {
		if string(l.word(l.toks[k])) == "through" {
			return personSubject(l, i, n) || personAround(l, i, n)
		}
	}
	return false
}

// despiteObjection: "despite engineering's objections", "despite QA's
// warnings".
func despiteObjection(l *linter, i, n int) bool {
	for k := i + n; k < len(l.toks) && k <= i+n+3 && l.toks[k].joined; k++ {
		switch singular(string(l.word(l.toks[k]))) {
		case "objection", "warning", "concern", "advice", "protest", "pushback":
			return despiteByPerson(l, i, n)
		}
	}
	return false
}

// personAroundUnexplained: a person is named and no reason follows.
func personAroundUnexplained(l *linter, i, n int) bool {
	return clauseOrSentenceOfPerson(l, i, n) && unexplained(l, i, n)
}

// blindForms are the moves of blind rounds t7 (a manager's draft), t11
// (sarcasm, irony, implied blame) and t12 (passives, nominalisations,
// third parties), written as structures rather than as their sentences.
func blindForms(add func([]rule)) {
	// Passive blame with a person as agent: "was bypassed by the developer",
	// "corners were cut by the build team"; a tool as agent is fine.
	add(phrase(PersonAsCause, "skipped|bypassed|ignored|disregarded|overridden|overruled|circumvented|neglected|rushed|botched|fumbled|dismissed|sidestepped|short-circuited|waived|abandoned|shelved|rubber-stamped|forced",
		when(passiveByPerson), suggest(sugNeglect)))
	add(phrase(PersonAsCause, "left|abandoned in a|an|this broken|bad|half-finished|half-done|unusable|inconsistent|dangerous|unsafe|corrupt|corrupted|messy|fragile state|condition", when(passiveByPerson), suggest(sugNeglect)))
	add(phrase(PersonAsCause, "corners were|was|been|get|got|being cut", suggest(sugReckless)))
	add(phrase(PersonAsCause, "given|granted|made|signed|pushed|rushed|waved|disabled|paused|muted|silenced|removed|deleted|changed|edited|applied|merged|approved|deployed|closed|reverted|stopped|shipped|released|run|executed|restarted|dropped|modified|updated|turned|switched", when(passiveByPersonWithout), suggest(sugNeglect)))
	// Nominalised blame: "the decision by ops to skip", "inadequate
	// supervision by the team lead", "a lapse on the part of".
	add(phrase(PersonAsCause, "decision|choice|call|refusal|insistence to skip|bypass|ignore|disregard|override|forgo|forego|omit|waive|cut|rush|circumvent|disable|silence|mute", when(decisionOfPerson), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "inadequate|insufficient|poor|lax|sloppy|careless|cursory|superficial|negligent|deficient|hasty|rushed|weak|lacking|absent|minimal supervision|oversight|review|reviews|testing|planning|preparation|communication|handling|diligence|checks|checking|monitoring|follow-up|attention|care|vetting|scrutiny|leadership|management|coordination|work",
		when(byPersonAhead), suggest(suggestions[Normative])))
	add(phrase(PersonAsCause, "lapse|lapses|slip|slips|misstep|missteps|omission|omissions|failing|failings|negligence|carelessness|inattention|inaction|laxity on+the+part+of/by/from", when(personAfterPhrase), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "lack|lacked|lacking|absence of any|basic|proper|real|simple|due attention|care|diligence|discipline|rigor|rigour|ownership|professionalism|judgement|judgment|accountability|responsibility|supervision|urgency|initiative|competence|thoroughness"))
	add(phrase(PersonAsCause, "lack|lacked|lacking|absence of accountability|responsibility|supervision|urgency|initiative|competence|thoroughness|judgement|judgment"))
	// Work judged: "threw together in an afternoon".
	add(phrase(Normative, forms("throw:threw:thrown slap cobble bodge kludge hack rush")+" together|out", when(othersThrewTogether), suggest(suggestions[Normative])))
	// Lateness said of a person: "escalated late", "responded far too slowly".
	add(phrase(PersonAsCause, "escalated|escalating|escalates|responded|responding|responds|reacted|reacting|acted|acting|replied|acknowledged|joined|engaged|showed|paged|informed|notified|communicated|raised late|belatedly|slowly|sluggishly/too+late/far+too+late/way+too+late/too+slowly",
		when(personSubjectUnexplained), suggest(sugNeglect)))
	// The manager's voice.
	add(phrase(Normative, "i'm/i+am/i+was/we're/we+are/we+were/i+remain/i'm+frankly/i+am+frankly/i'm+deeply/i'm+very disappointed|dismayed|appalled|frustrated|annoyed|unimpressed|furious|livid|baffled|shocked|embarrassed|concerned|troubled|worried|alarmed|perturbed|saddened|upset|angry|unhappy|displeased", when(personAfterFeeling), suggest(sugAttitude)))
	add(phrase(Normative, "expect|expected|expects|expecting better|more from|of", when(personAfterPhrase), suggest(sugAttitude)))
	add(phrase(Normative, "expect|expected|expects|expecting better|more judgement|judgment|care|diligence|discipline|professionalism|ownership|attention|rigour|rigor|sense|thought", suggest(sugAttitude)))
	add(phrase(Normative, "i|we expect|expected better", when(endsSentence), suggest(sugAttitude)))
	add(phrase(Normative, "we need people|engineers|folks|staff|someone|somebody who", suggest(sugAttitude)))
	add(phrase(Normative, "once+again/yet+again/as+usual/as+always/per+usual", when(habitOfHarm), suggest(sugSarcasm)))
	add(phrase(BeMoreCareful, "re-read|reread|re-review|re-familiarise|re-familiarize|refamiliarise|refamiliarize|re-acquaint|reacquaint|re-certify|recertify", when(instructed), suggest(suggestions[BeMoreCareful])))
	add(phrase(BeMoreCareful, "sign|signs|signing off that they|he|she|everyone|you understand|understood|have|has|read"))
	add(phrase(BeMoreCareful, "confirm|confirms|acknowledge|acknowledges in writing"))
	add(phrase(BeMoreCareful, "attend/attends/attending/undergo/undergoes/complete/completes/take/takes/sent+to/send+to/go+through/redo/repeat additional|more|extra|further|remedial|refresher|mandatory|compulsory training|coaching|course|courses|sessions|session"))
	add(phrase(BeMoreCareful, "brush up on", when(instructed)))
	add(phrase(BeMoreCareful, "explain|explains in writing why", suggest(suggestions[BeMoreCareful])))
	// Sarcastic courtesy: "nice of the backend team to tell us afterwards",
	// "perhaps the networking team could grace us with a notice".
	add(phrase(Normative, "nice|kind|good|thoughtful|considerate|sweet|decent|gracious|generous|lovely|smart|clever|bright|wise|helpful|brilliant|great|wonderful|terrific|fantastic|delightful|charming|marvellous|marvelous|splendid of", when(courtesyAfterHarm), suggest(sugSarcasm)))
	add(phrase(Normative, "grace|graced|graces|gracing us/me/everyone/the+team/the+channel with", suggest(sugSarcasm)))
	add(phrase(Normative, "deign|deigned|deigns|deigning to", suggest(sugSarcasm)))
	add(phrase(Normative, "it+would+be/it'd+be/wouldn't+it+be lovely|nice|great|wonderful|helpful|grand|refreshing|novel if", when(personAfterPhraseJab), suggest(sugSarcasm)))
	add(phrase(Normative, "too much to ask|expect", suggest(sugSarcasm)))
	add(phrase(Normative, "more+of+a/merely+a/only+a/really+a suggestion|guideline|recommendation|vibe|formality|afterthought", when(rulesBefore), suggest(sugSarcasm)))
	add(phrase(Normative, "optional", when(deemedOptional), suggest(sugSarcasm)))
	add(phrase(Normative, "for|to|from some people|folks", when(endsSentence), suggest(sugSarcasm)))
	add(phrase(Normative, "our friends in/on/over/from+the", when(personOrTeamNextLoose), suggest(sugSarcasm)))
	add(phrase(Normative, "ah+yes/oh+yes/ah+yeah the classic/usual/old/famous/good+old/time-honoured/time-honored", suggest(sugSarcasm)))
	add(phrase(Normative, "creative|imaginative|liberal|novel|innovative|flexible interpretation|reading|interpretations of", suggest(sugSarcasm)))
	add(phrase(Normative, "interesting|curious|bold|brave|fascinating|novel|innovative|creative|inspired|daring choice|decision|call|move|strategy|idea to", when(sarcasticChoice), suggest(sugSarcasm)))
	add(phrase(Normative, "that's/that+is/that+was/well+that's one/a/an+interesting/quite+a way to find/learn/discover/test/find+out/confirm/check/verify", suggest(sugSarcasm)))
	add(phrase(Normative, "take|taking|took a moment to admire|appreciate|enjoy|savour|savor|celebrate|marvel", suggest(sugSarcasm)))
	add(phrase(Normative, "let's|lets all admire|appreciate|enjoy|savour|savor|marvel|applaud|celebrate", suggest(sugSarcasm)))
	add(phrase(Normative, "we all appreciate|admire|love|enjoy|applaud", when(notThanks), suggest(sugSarcasm)))
	add(phrase(Normative, "yet+here+we+are/but+here+we+are/and+yet+here+we+are", suggest(sugSarcasm)))
	add(phrase(Normative, "maybe|perhaps try|consider reading|checking|looking|testing|asking|thinking|following|using|answering|opening|running|waiting", when(nextTimeJab), suggest(sugSarcasm)))
	add(phrase(Normative, "maybe|perhaps", when(personCouldNextTime), suggest(sugSarcasm)))
	add(phrase(Normative, "if not for|to answering|reading|checking|using|responding|looking|acknowledging|answer|read|use|respond|look|acknowledge", suggest(sugSarcasm)))
	add(phrase(Normative, "someone|somebody|anyone should/must/could/might/may/might+want+to/may+want+to/needs+to/need+to/has+to/ought+to/should+probably explain|teach|tell|remind|show", when(personAfterPhrase), suggest(sugSarcasm)))
	add(phrase(Normative, "as intended|designed|advertised|planned", when(ironicAsIntended), suggest(sugSarcasm)))
	add(phrase(Normative, "finest|proudest|best|brightest|strongest|greatest hour|moment|day|work|effort|performance|showing", when(understated), suggest(sugSarcasm)))
	add(phrase(Normative, "masterclass|triumph|showcase|highlight|textbook", when(understated), suggest(sugSarcasm)))
	add(phrase(PersonAsCause, "decision|choice|call by", when(decisionByPersonTo), suggest(sugAttitude)))
	add(phrase(Normative, "expected|expect|expects|expecting", when(expectedAtLeast), suggest(sugAttitude)))
	add(phrase(Normative, "great|excellent|perfect|impeccable|superb|brilliant|fantastic|stellar|impressive|wonderful|amazing timing", when(badTimingAround), suggest(sugSarcasm)))
	add(phrase(Normative, "could|might try|consider answering|reading|checking|looking|testing|asking|following|using|responding|opening|picking|waiting", when(hedgedAdvice), suggest(sugSarcasm)))
	add(phrase(QuestionAtPerson, "did|didn't|does|has|had nobody think|thought|bother to"))
	add(phrase(QuestionAtPerson, "did|didn't|does|has|had no+one think|thought|bother to"))
	add(phrase(Normative, "decoration|decorative|ornamental|wallpaper|window-dressing/for+show/background+noise", when(signalAsDecoration), suggest(sugSarcasm)))
	add(phrase(Normative, "too long|hard|complicated|difficult|complex|much|boring|subtle|tedious|mainstream|sensible|obvious|old-fashioned|conventional|basic|simple|easy|pedestrian for", when(jabForPerson), suggest(sugSarcasm)))
	add(phrase(Normative, "another/yet+another stellar|flawless|great|fine|brilliant|perfect|solid|smooth|textbook|classic", when(jabAhead), suggest(sugSarcasm)))
	add(phrase(Normative, "could|might have|'ve gone|been better|smoother", when(personInSentenceAnywhere), suggest(sugSarcasm)))
	add(phrase(Normative, "could've gone|been better|smoother", when(personInSentenceAnywhere), suggest(sugSarcasm)))
	add(phrase(PersonAsCause, "sleep|sleeps|sleeping through|past", when(sleptThroughSignal), suggest(sugAbsent)))
	add(phrase(QuestionAtPerson, "who", when(whoQuickly)))
	add(phrase(QuestionAtPerson, "was|were|is|are anyone|anybody|someone|somebody|we|you|they planning/going/intending/ever+going/thinking/supposed to|of", when(jabQuestion)))
	add(phrase(QuestionAtPerson, "who thought|decided|figured|believed|imagined|assumed", when(goodIdeaAhead)))
	add(phrase(Normative, "without anyone|anybody|somebody|someone actually|even|ever|really|bothering", suggest(sugNeglect)))
	add(phrase(Normative, "without anyone|anybody|somebody|someone reading|checking|reviewing|testing|verifying|looking|asking|approving|confirming|validating|double-checking|consulting|telling|informing", suggest(sugNeglect)))
	add(phrase(PersonAsCause, "without a second glance|look|check|thought", suggest(sugReckless)))
	add(phrase(PersonAsCause, "clicked|clicks|clicking|scrolled|skimmed|breezed past", when(notSystemSubject), suggest(sugNeglect)))
	add(phrase(Normative, "what+we+need/what+this+team+needs/what+the+team+needs/what+we+needed is|are|was", when(personAfterPhrase), suggest(sugAttitude)))
	add(phrase(BeMoreCareful, "confirm/confirms/acknowledge/acknowledges/attest/attests/certify/certifies/confirm+that/acknowledge+that they|everyone|he|she|all have|has|had read|understood|reviewed|re-read"))
	add(phrase(Normative, "so+glad/so+happy/so+pleased/glad/delighted/thrilled/overjoyed/delightful/lovely/wonderful/charming/always+a+pleasure", when(gladOfHarm), suggest(sugSarcasm)))
	add(phrase(Normative, "fantastic/great/nice/good/brilliant/awesome/amazing/impressive/gotta+love/got+to+love/you+have+to+love/love+the/love+how/love+that/i+love/i'm+thrilled/i'm+delighted/i'm+so+glad/i'm+glad/i'm+happy/i+am+thrilled/i+am+delighted to|that|the|how", when(gladOfHarm), suggest(sugSarcasm)))
	add(phrase(Normative, "love the|how|that", when(gladOfHarm), suggest(sugSarcasm)))
	add(phrase(Normative, "good+thing/lucky+thing", when(gladOfHarm), suggest(sugSarcasm)))
	add(phrase(Normative, "apparently|evidently|clearly|obviously|so", when(quotedMeans), suggest(sugSarcasm)))
	add(phrase(Normative, "commitment|dedication|devotion|talent|gift|knack|flair|passion|enthusiasm to|for", when(praiseForNeglect), suggest(sugSarcasm)))
	add(phrase(Normative, "apparently|evidently|clearly|obviously too busy|important|tired|proud|lazy|distracted", suggest(sugAttitude)))
	add(phrase(Normative, "nobody/no+one/who could|would have|'ve predicted|foreseen|guessed|imagined", when(endsQuestion), suggest(sugSarcasm)))
	add(phrase(Normative, "another", when(anotherAnother), suggest(sugSarcasm)))
	add(phrase(Normative, "famous|trademark|signature|patented|legendary|classic|usual|customary", when(fromPersonLater), suggest(sugSarcasm)))
	add(phrase(Normative, "as well as you'd/you+would/one+would/you+might/one+might/you+could expect|imagine", when(personPhraseInSentence), suggest(sugSarcasm)))
	add(phrase(Normative, "in charge", when(personBeforeWith), suggest(sugSarcasm)))
	add(phrase(Normative, "outdid|outdone|outdo|outdoes|surpassed themselves|himself|herself|yourself|yourselves", when(harmNotFixed), suggest(sugSarcasm)))
	add(phrase(Normative, "people|engineers|folks|guys|someone|devs like", when(likeNameJab), suggest(sugAttitude)))
	add(phrase(QuestionAtPerson, "would+it+have+killed/would+it+kill/did+it+occur+to/did+it+not+occur+to/it+never+occurred+to/did+it+ever+occur+to", suggest(sugSarcasm)))
	add(phrase(Counterfactual, "surely", when(personNext), suggest("hindsight shows what was unknowable then: describe what people saw at the time")))
	add(phrase(Normative, "shining|glowing|stellar|sterling|fine|textbook example|model|beacon|advertisement", when(understated), suggest(sugSarcasm)))
	add(phrase(PersonAsCause, "repeatedly|routinely|habitually|consistently|regularly|constantly|casually snoozed|muted|silenced|dismissed|acked|acknowledged|overridden|disabled|bypassed|skipped|ignored", when(passiveByPersonSkip), suggest(sugNeglect)))
	add(phrase(Normative, "pattern|history|habit|culture|series|string|litany of shortcuts|carelessness|negligence|sloppiness|corner-cutting|lapses|blunders|recklessness", suggest(sugAttitude)))
	add(phrase(Normative, "pattern|history|habit|culture|series|string|litany of mistakes|errors|oversights", when(personPhraseInSentence), suggest(sugAttitude)))
	add(phrase(Normative, "sick/tired/sick+and+tired/fed+up of|with the+same/these/their/your/his/her excuses|mistakes|people|errors|shortcuts", suggest(sugAttitude)))
	add(phrase(QuestionAtPerson, "does|do|did|has|have nobody/no+one/noone", when(endsQuestion), unlessNext("else")))
	add(phrase(Normative, "this+is+what/that's+what/that+is+what we|you get|got", when(endsSentence), suggest(sugSarcasm)))
	add(phrase(Normative, "i'll+say+it+again/let+me+say+it+again/how+many+times+do+i+have+to/how+many+times+must+i", suggest(sugAttitude)))
	add(phrase(Normative, "poor|inadequate|subpar|sub-par|disappointing|weak|lacking|unprofessional|unacceptable|substandard|lax|sloppy|shoddy|dismal|abysmal|woeful|lamentable", when(conductOfPerson), suggest(suggestions[Normative])))
	add(phrase(BeMoreCareful, "reviewed|referred|reported|escalated|raised|discussed|review|refer|report|escalate with|to hr/human+resources/people+ops", when(personPhraseInSentence), suggest(sugAttitude)))
	add(phrase(BeMoreCareful, "involve|involving|involved|involves hr/human+resources/people+ops", when(personPhraseInSentence), suggest(sugAttitude)))
	add(phrase(Normative, "on notice", when(personPhraseInSentence), suggest(sugAttitude)))
	add(phrase(BeMoreCareful, "more/much+more/far+more/a+lot+more ownership|accountability|care|diligence|urgency|discipline|rigour|rigor|professionalism|attention|effort|maturity from", when(personAfterPhrase), suggest(sugAttitude)))
	add(phrase(BeMoreCareful, "held|hold|holding|holds to a higher/much+higher/far+higher standard|bar", when(personPhraseInSentence), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "consulted|read|checked|followed|reviewed|opened|tested|verified|heeded|acknowledged|answered", when(negatedPassiveByPerson), suggest(sugNeglect)))
	add(phrase(PersonAsCause, "failure|failures|refusal by", when(personAfterPhrase), suggest(suggestions[PersonAsCause])))
	add(phrase(PersonAsCause, "breakdown|collapse|gap|deficit|deficiency|shortfall|slip in|of diligence|discipline|care|attention|rigour|rigor|ownership|judgement|judgment|professionalism", suggest(sugAttitude)))
	add(phrase(PersonAsCause, forms("misrepresent mislead:misled:misled misinform overstate exaggerate"), when(personNotPossessiveSubject), suggest(sugAttitude)))
	add(phrase(Normative, "nothing says|screams|spells", when(likeAhead), suggest(sugSarcasm)))
	add(phrase(Normative, "i'm+sure/i+am+sure/no+doubt/surely/i'm+certain someone/somebody/they/he/she/everyone/the+team was|were|had about|going|meaning|planning|meant|getting|busy", suggest(sugSarcasm)))
	add(phrase(Normative, "saved|saves|saving", when(neglectSavedButCost), suggest(sugSarcasm)))
	add(phrase(Normative, "bless him/her/them/his+heart/her+heart/their+hearts/their+heart", suggest(sugSarcasm)))
	add(phrase(Normative, "or lack|absence of one|it|them|any|thereof", suggest(sugSarcasm)))
	add(phrase(Normative, "speaks|spoke|speak volumes", when(personInSentenceAnywhere), suggest(sugSarcasm)))
	add(phrase(Normative, "carrying/carry/babysitting/babysit/babysat/hand-holding/handholding/hand-hold/tolerating/tolerate/covering+for/cover+for/making+excuses+for", when(personAfterPhrase), suggest(sugAttitude)))
	add(phrase(Normative, "what+a/such+a treat|joy|delight|pleasure|thrill|privilege", when(gladOfHarm), suggest(sugSarcasm)))
	add(phrase(Normative, "such|what attention to detail|care|diligence|professionalism|rigour|rigor|foresight|dedication|thoroughness|craftsmanship", when(praiseForRisk), suggest(sugSarcasm)))
	add(phrase(QuestionAtPerson, "remind+me/remind+us/someone+remind+me who|why|whose|how|what", suggest(sugSarcasm)))
	add(phrase(Normative, "is+it/was+it/is+it+really/was+it+really so|that|really hard|difficult|tough|complicated|much to", suggest(sugSarcasm)))
	add(phrase(Normative, "less than ideal|stellar|great|optimal|perfect|impressive|professional|competent|careful|thorough", when(personNearby), suggest(sugSarcasm)))
	add(phrase(Normative, "left/leaves/leave something/much/a+lot/a+great+deal/plenty to be desired", when(personInSentenceAnywhere), suggest(sugSarcasm)))
	add(phrase(Normative, "shall+we+say/let's+say/to+put+it+kindly/to+put+it+mildly/to+put+it+politely/to+put+it+charitably/to+be+charitable/to+be+kind/to+be+generous/being+charitable/being+generous/being+kind", when(personInSentenceAnywhere), suggest(sugSarcasm)))
	add(phrase(Normative, "at best", when(personPhraseInSentence), suggest(sugSarcasm)))
	add(phrase(Normative, "all of", when(mereAmountFromPerson), suggest(sugSarcasm)))
	add(phrase(QuestionAtPerson, "who+on+earth/who+in+the+world/who+in+god's+name", when(pastDeedNext), suggest(sugSarcasm)))
	add(phrase(QuestionAtPerson, "why+in+the+world/what+on+earth", suggest(sugSarcasm)))
	add(phrase(QuestionAtPerson, "was+it/is+it/was+that/is+that really|truly|absolutely necessary|needed|wise|essential|required for", when(personAfterPhraseFor), suggest(sugSarcasm)))
	add(phrase(Normative, "heard|hear of", when(heardOfJab), suggest(sugSarcasm)))
	add(phrase(Normative, "it+could+be+argued/one+might+question/one+could+question/one+might+argue/one+could+argue/some+might+say/some+would+say/one+wonders/one+might+wonder/one+has+to+wonder/you+have+to+wonder/one+might+ask/it+is+debatable+whether", when(personPhraseInSentence), suggest(sugSarcasm)))
	add(phrase(Normative, "the wisdom of", when(personPhraseInSentence), suggest(sugSarcasm)))
	add(phrase(Normative, "not fit for purpose/up+to+the+job/up+to+the+task", when(personPhraseInSentence), suggest(sugAttitude)))
	add(phrase(Normative, "chaotic|shambolic|disorganised|disorganized|clumsy|messy|haphazard|lacklustre|lackluster|premature|hasty|rash|ill-timed|ill-prepared|unprepared|slapdash|careless|sloppy|negligent|reckless|cavalier", when(workOfPersonSubject), suggest(suggestions[Normative])))
	add(phrase(PersonAsCause, "errors|bugs|mistakes|regressions|defects|typos|flaws introduced|created|made|caused|added|shipped|left by", when(personAfterPhrase), suggest(suggestions[PersonAsCause])))
	add(phrase(PersonAsCause, "left|remained unpatched|unfixed|unaddressed|unmonitored|unreviewed|unresolved|unanswered|unacknowledged|exposed|unattended", when(byPersonInClause), suggest(sugNeglect)))
	add(phrase(Normative, "can't/cannot/can+not/couldn't/could+not be trusted|relied", when(personPhraseInSentence), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "absence of attention|care|diligence|discipline|rigor|rigour|ownership|professionalism|urgency|accountability|judgement|judgment", suggest(sugAttitude)))
	add(phrase(PersonAsCause, "lack|lacked|lacking|lacks of ownership|urgency", suggest(sugAttitude)))
	add(phrase(Normative, "was|were|is|are not|never adhered+to/complied+with/respected/honoured/honored/obeyed/heeded", when(noSystemAgent)))
	add(phrase(Normative, "wasn't|weren't|isn't|aren't adhered+to/complied+with/respected/honoured/honored/obeyed/heeded", when(noSystemAgent)))
	add(phrase(Normative, "riddled|littered|peppered with errors|bugs|mistakes|typos|holes|problems", when(personPhraseInSentence)))
	add(phrase(BeMoreCareful, "start/begin taking|owning|showing|accepting ownership|responsibility|accountability|care|pride", when(instructed)))
	add(phrase(BeMoreCareful, "ownership|responsibility|accountability of|for its|their|his|her|your|our mistakes|errors|failures|actions|screw-ups|choices"))
	add(phrase(Normative, "worth their|his|her|your salt", suggest(sugAttitude)))
	add(phrase(Normative, "by which i|we mean", suggest(sugSarcasm)))
	add(phrase(Normative, "out of ten|10 for", suggest(sugSarcasm)))
	add(phrase(Normative, "zero|0|nil|nothing|none for testing|caution|care|effort|diligence|review|planning|thought|attention", suggest(sugSarcasm)))
	add(phrase(BeMoreCareful, "conversation|chat|talk|word|meeting with their|his|her|your manager/boss/lead/supervisor/hr/line+manager", suggest(sugAttitude)))
	add(phrase(Normative, "maybe|perhaps read|check|look|test|answer|follow|open|ask|wait|use|try", when(nextTimeJab), suggest(sugSarcasm)))
	add(phrase(PersonAsCause, "to save/saves time/effort/minutes/hours/a+few+minutes/a+step/a+few+clicks", when(expedientNeglect), suggest(sugReckless)))
	add(phrase(PersonAsCause, "to speed up/things+up/speed+things+up/hurry+things+along", when(expedientNeglect), suggest(sugReckless)))
	add(phrase(PersonAsCause, "to hit|make|meet|beat the|a|their|his|her deadline|date", when(expedientNeglect), suggest(sugReckless)))
	add(phrase(PersonAsCause, "for convenience/expedience/expediency/the+sake+of+speed/the+sake+of+convenience", when(expedientNeglect), suggest(sugReckless)))
	add(phrase(PersonAsCause, "switched|turned|shut|taken|ripped|torn|silenced|muted|disabled|deleted|removed off|down|out|by", when(passiveByPersonLatent), suggest(sugNeglect)))
	add(phrase(PersonAsCause, "admitted/admits/admitting/confessed/confesses to not/never/skipping/ignoring/missing/forgetting/not+reading/not+checking/not+testing"))
	add(phrase(Normative, "never|apparently heard|hears of", when(personSubject), suggest(sugSarcasm)))
	add(phrase(Normative, "even|actually|ever|really awake|conscious|there|present|looking|reading|listening|paying|watching|online|around|sober", when(personAskedQuestion), suggest(sugSarcasm)))
	add(phrase(Counterfactual, "had", when(invertedHad)))
	add(phrase(Normative, "could|might|would have|'ve gone more smoothly|better", when(personInSentenceAnywhere), suggest(sugSarcasm)))
	add(phrase(Normative, "terrific|wonderful|fantastic|excellent|superb|lovely|inspired|fabulous|marvellous|marvelous|stellar|great|brilliant|genius|bright|fine|clever|smart|splendid|outstanding|solid idea|plan|call|move|decision|thinking|work|job|effort|initiative|planning|foresight|judgement|judgment|execution|coordination|communication|leadership|timing", when(praiseForRisk), suggest(sugSarcasm)))
	add(phrase(Normative, "bravo/kudos/props/cheers/congrats/congratulations/hats+off/well+done/a+big+thank-you/a+big+thanks/many+thanks/thank+you/thanks to|for", when(praiseForRisk), suggest(sugSarcasm)))
}

// passiveByPerson: a participle after "was"/"were" whose "by" agent is a
// person: "the review was skipped by the approver".
func passiveByPerson(l *linter, i, n int) bool {
	if !l.passiveAt(i) {
		return false
	}
	a := l.agentAfter(i + n)
	return a == personRef || a == nameRef
}

// passiveByPersonWithout: "sign-off was given by the change board without
// anyone reading the plan": a person's passive act and an omission.
func passiveByPersonWithout(l *linter, i, n int) bool {
	if !passiveByPerson(l, i, n) {
		return false
	}
	for k := i + n; k < len(l.toks) && k < i+n+12 && l.toks[k].joined; k++ {
		switch string(l.word(l.toks[k])) {
		case "without":
			// "without review", "without anyone reading"; not "without downtime".
			switch nx := l.verbAfter(k + 1); nx {
			case "anyone", "anybody", "a", "any", "review", "approval", "testing", "sign-off", "notice", "warning", "permission",
				"authorisation", "authorization", "consent", "telling", "checking", "consulting", "asking":
				return true
			default:
				return strings.HasSuffix(nx, "ing") && nx != "being"
			}
		case "never":
			// "disabled by someone on the data team and never re-enabled".
			return string(l.word(l.toks[k-1])) == "and"
		}
	}
	return false
}

// decisionOfPerson: "the decision by ops to skip", "the decision to skip
// the canary was made by ops", "Sam's decision to skip"; a reason given
// or a tool deciding leaves it alone.
func decisionOfPerson(l *linter, i, n int) bool {
	if !unexplainedAnywhere(l, i, n) {
		return false
	}
	if possessedByPerson(l, i, 1) {
		return true
	}
	for k := i + n; k < len(l.toks) && k < i+n+12 && l.toks[k].joined; k++ {
		if string(l.word(l.toks[k])) == "by" {
			c := l.nounAfter(k + 1)
			return c == personRef || c == nameRef
		}
	}
	c := l.subjectBefore(i)
	return c == personRef || c == nameRef
}

// unexplainedAnywhere: no reason in the sentence, before or after.
func unexplainedAnywhere(l *linter, i, n int) bool {
	k := i
	for k > 0 && k > i-12 && !(!l.toks[k].joined && l.sentenceEndBefore(k)) {
		k--
	}
	return unexplained(l, k, 1) || k == i
}

// byPersonAhead: "inadequate supervision by the team lead", "poor review
// on the part of the vendor".
func byPersonAhead(l *linter, i, n int) bool {
	k := i + n
	if k < len(l.toks) && l.toks[k].joined && string(l.word(l.toks[k])) == "of" {
		k += 2 // "poor handling of the rollout by"
		for m := k; m < len(l.toks) && m < k+4 && l.toks[m].joined; m++ {
			if string(l.word(l.toks[m])) == "by" {
				k = m
				break
			}
		}
	}
	return personAfterPhrase(l, k-1, 1) || possessedByPerson(l, i, 1)
}

// personAfterPhrase: a person within a preposition or two of the phrase's
// end: "a lapse by Sam", "on the part of the vendor", "better from Ahmed".
func personAfterPhrase(l *linter, i, n int) bool {
	k := i + n
	for m := 0; m < 4 && k < len(l.toks) && l.toks[k].joined; m++ {
		switch string(l.word(l.toks[k])) {
		case "by", "from", "of", "on", "the", "part", "to", "someone", "somebody", "anyone", "with", "if", "that", "for":
			if w := string(l.word(l.toks[k])); w == "someone" || w == "somebody" {
				return true
			}
			k++
			continue
		}
		break
	}
	c := l.nounAfter(k)
	if c == unknownRef && k > 0 && k < len(l.toks) && teamWords()[string(l.word(l.toks[k]))] {
		p := string(l.word(l.toks[k-1]))
		return p == "by" || p == "from"
	}
	return c == personRef || c == nameRef
}

// personAfterFeeling: "I'm disappointed that a senior engineer would",
// "frustrated with the vendor"; "frustrated by the dashboard" is not.
func personAfterFeeling(l *linter, i, n int) bool {
	k := i + n
	if k < len(l.toks) && l.toks[k].joined {
		switch string(l.word(l.toks[k])) {
		case "that", "in", "by", "with", "at":
			c, _ := l.nounAt(k + 1)
			if c == personRef && !genericPronouns[l.verbAfter(k+1)] || c == nameRef {
				return true
			}
			// "concerned by the attitude of the on-call team".
			for at := k + 1; at < len(l.toks) && at <= k+3 && l.toks[at].joined; at++ {
				switch string(l.word(l.toks[at])) {
				case "attitude", "conduct", "behaviour", "behavior", "handling", "performance", "work", "response", "approach", "lack", "decisions", "choices",
					"communication", "comms", "support", "updates", "follow-up", "service", "effort", "efforts", "contribution":
					if l.verbAfter(at+1) == "of" {
						c := l.nounAfter(at + 2)
						return c == personRef || c == nameRef
					}
					// "disappointed by the response from the SRE group".
					if l.verbAfter(at+1) == "from" {
						return someoneInSentence(l, at+1, 1)
					}
				}
			}
		}
	}
	return false
}

// personSubjectOrSubjectAhead: "once again, the platform team pushed",
// "the support team, as usual, escalated late".
func personSubjectOrSubjectAhead(l *linter, i, n int) bool {
	if personSubject(l, i, n) && i > 0 && !l.toks[i].joined {
		return true // "the support team, as usual,"
	}
	k := i + n
	c := l.nounAfter(k)
	if c == personRef || c == nameRef {
		return !genericPronouns[l.verbAfter(k)] || l.verbAfter(k) == "we"
	}
	return false
}

// personInSentenceBefore: someone named earlier in the sentence.
func personInSentenceBefore(l *linter, i int) bool {
	for k := i - 1; k >= 0 && k >= i-8; k-- {
		if c := l.classify(k); c == nameRef || c == personRef && !genericPronouns[string(l.word(l.toks[k]))] {
			return true
		}
		if !l.toks[k+1].joined && l.sentenceEndBefore(k+1) {
			return false
		}
	}
	return false
}

// courtesyAfterHarm: "nice of the backend team to let us know after it
// broke", and at a sentence's start always ("Kind of Sam to join").
func courtesyAfterHarm(l *linter, i, n int) bool {
	if !personThenTo(l, i, n) {
		return false
	}
	if l.sentenceStart(i) || i == 0 {
		return true
	}
	if i >= 1 && (l.sentenceStart(i-1) || i == 1) {
		switch string(l.word(l.toks[i-1])) {
		case "real", "mighty", "awfully":
			return true
		}
	}
	for k := i + n; k < len(l.toks) && k < i+n+16; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			break
		}
		switch string(l.word(l.toks[k])) {
		case "after", "afterwards", "finally", "eventually", "once", "only":
			return true
		}
	}
	return damageAround(l, i, n)
}

// rulesBefore: "the checklist is more of a suggestion": a rule treated as
// advice.
func rulesBefore(l *linter, i, n int) bool {
	for k := i - 1; k >= 0 && k >= i-5; k-- {
		switch singular(string(l.word(l.toks[k]))) {
		case "checklist", "runbook", "process", "procedure", "policy", "rule", "freeze", "review", "approval", "playbook", "guideline", "standard", "sign-off", "gate":
			return true
		}
		if !l.toks[k+1].joined {
			return false
		}
	}
	return false
}

// deemedOptional: "someone clearly thinks staging is optional",
// "treats the review as optional"; a policy making a step optional is not.
func deemedOptional(l *linter, i, n int) bool {
	verb, jab := false, false
	for k := i - 1; k >= 0 && k >= i-8; k-- {
		switch string(l.word(l.toks[k])) {
		case "thinks", "think", "thought", "believes", "believe", "believed", "treats", "treat", "treated", "treating", "considers", "considered", "figured", "figures", "decided", "deems", "deemed", "regards", "regarded":
			verb = true
		case "reading", "testing", "checking", "reviewing", "following", "answering", "staging", "waiting", "asking", "escalating", "monitoring":
			verb = true // "apparently reading the runbook is optional"
		case "clearly", "apparently", "evidently", "obviously", "some", "someone", "somebody", "still", "seems", "seem", "seemingly":
			jab = true
		}
		if !l.toks[k+1].joined && l.sentenceEndBefore(k+1) {
			break
		}
	}
	return verb && jab && (personInSentenceBeforeOrGeneric(l, i) || personAfterPhrase(l, i, n) || personInSentence(l, i, n))
}

func personInSentenceBeforeOrGeneric(l *linter, i int) bool {
	for k := i - 1; k >= 0 && k >= i-10; k-- {
		if c := l.classify(k); c == nameRef || c == personRef {
			return true
		}
		if !l.toks[k+1].joined && l.sentenceEndBefore(k+1) {
			return false
		}
	}
	return false
}

// personOrTeamNextLoose: "our friends in mobile", "our friends on the
// data team".
func personOrTeamNextLoose(l *linter, i, n int) bool {
	k := i + n
	if k >= len(l.toks) || !l.toks[k].joined {
		return false
	}
	w := string(l.word(l.toks[k]))
	if w == "the" && k+1 < len(l.toks) {
		k++
		w = string(l.word(l.toks[k]))
	}
	if teamWords()[w] || subjectTeams()[w] {
		return true
	}
	c := l.nounAfter(k)
	return c == personRef || c == nameRef || c == unknownRef
}

// sarcasticChoice: "Interesting choice to ignore the canary": opening a
// sentence, or with "anyway" or an omission after it.
func sarcasticChoice(l *linter, i, n int) bool {
	if l.sentenceStart(i) || i == 0 {
		return true
	}
	for k := i + n; k < len(l.toks) && k < i+n+12; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			break
		}
		switch string(l.word(l.toks[k])) {
		case "anyway", "regardless", "ignore", "skip", "bypass", "disregard", "override", "forgo":
			return true
		}
	}
	return false
}

// notThanks: "we all appreciate the creative ..." is sarcasm; "we all
// appreciate the responders who stayed late" thanks people.
func notThanks(l *linter, i, n int) bool {
	c := l.nounAfter(i + n)
	return c != personRef && c != nameRef
}

// nextTimeJab: "next time maybe try reading the error", "maybe try
// checking the dashboard before paging three teams".
func nextTimeJab(l *linter, i, n int) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		if w := string(l.word(l.toks[k])); w == "time" || w == "once" {
			return true
		}
	}
	for k := i + n; k < len(l.toks) && k < i+n+14; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			break
		}
		switch string(l.word(l.toks[k])) {
		case "before", "first", "once", "occasionally", "sometime", "sometimes":
			return true
		case "time":
			if string(l.word(l.toks[k-1])) == "next" {
				return true
			}
		}
	}
	return false
}

// personCouldNextTime: "perhaps the networking team could send a notice
// next time", "maybe Sam could read the runbook for once".
func personCouldNextTime(l *linter, i, n int) bool {
	if !l.sentenceStart(i) && i != 0 {
		return false
	}
	k := i + n
	// "maybe next time the frontend folks could", "perhaps for once Sam could".
	if k+1 < len(l.toks) && (l.verbAfter(k) == "next" && l.verbAfter(k+1) == "time" || l.verbAfter(k) == "for" && l.verbAfter(k+1) == "once") {
		c, at := l.nounAt(k + 2)
		if c != personRef && c != nameRef || genericPronouns[string(l.word(l.toks[at]))] {
			return false
		}
		switch l.verbAfter(at + 1) {
		case "could", "might", "would", "can", "should":
			return true
		}
		return false
	}
	c, at := l.nounAt(i + n)
	if c != personRef && c != nameRef || genericPronouns[string(l.word(l.toks[at]))] {
		return false
	}
	switch l.verbAfter(at + 1) {
	case "could", "might", "would", "can", "should":
	default:
		return false
	}
	for k := at + 1; k < len(l.toks) && k < at+18; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			break
		}
		switch string(l.word(l.toks[k])) {
		case "time", "once", "occasionally", "sometime", "ever", "grace":
			if w := string(l.word(l.toks[k])); w != "time" || string(l.word(l.toks[k-1])) == "next" {
				return true
			}
		}
	}
	return false
}

// ironicAsIntended: "the rotation working as intended, with nobody
// answering for an hour".
func ironicAsIntended(l *linter, i, n int) bool {
	if damageAround(l, i, n) {
		return true
	}
	for k := i + n; k < len(l.toks) && k < i+n+8; k++ {
		if k > i+n && !l.toks[k].joined && l.sentenceEndBefore(k) {
			break
		}
		switch string(l.word(l.toks[k])) {
		case "nobody", "noone", "nothing", "never":
			return true
		case "one":
			if string(l.word(l.toks[k-1])) == "no" {
				return true
			}
		}
	}
	return false
}

// understated: "not exactly the finest hour for the QA team", "hardly
// Sam's best work".
func understated(l *linter, i, n int) bool {
	neg, his := false, false
	for k := i - 1; k >= 0 && k >= i-4 && l.toks[k+1].joined; k-- {
		switch string(l.word(l.toks[k])) {
		case "not", "hardly", "wasn't", "isn't", "never", "scarcely", "far":
			neg = true
		case "his", "her", "their", "our", "my", "your":
			his = true
		}
	}
	if !neg {
		return false
	}
	if his {
		return true
	}
	return possessedByPerson(l, i, n) || possessedTwoBack(l, i, n) || personAfterPhrase(l, i, n) || personInSentenceBefore(l, i) || personInSentence(l, i, n)
}

// whoQuickly: "who approves a PR with 4,000 lines in under two minutes?"
// A rhetorical question timed or sized to mock.
func whoQuickly(l *linter, i, n int) bool {
	v := l.verbAfter(i + n)
	if !strings.HasSuffix(v, "s") || strings.HasSuffix(v, "ss") || v == "is" || v == "has" || v == "was" || v == "does" {
		return false
	}
	if !endsQuestion(l, i, n) {
		return false
	}
	for k := i + n + 1; k < len(l.toks) && k < i+n+16; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			return false
		}
		switch string(l.word(l.toks[k])) {
		case "under", "seconds", "minutes", "blind", "blindly", "anyway", "unread", "untested", "unreviewed":
			return true
		}
	}
	return false
}

// endsQuestion: the sentence ends in a question mark.
func endsQuestion(l *linter, i, n int) bool {
	for k := i + n; k < len(l.toks) && k < i+n+30; k++ {
		if k+1 == len(l.toks) || !l.toks[k+1].joined && l.sentenceEndBefore(k+1) {
			end := len(l.doc)
			if k+1 < len(l.toks) {
				end = l.toks[k+1].start
			}
			return bytes.IndexByte(l.doc[l.toks[k].end:end], '?') >= 0
		}
	}
	return false
}

// goodIdeaAhead: "who thought skipping staging was a good idea".
func goodIdeaAhead(l *linter, i, n int) bool {
	for k := i + n; k < len(l.toks) && k < i+n+14; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			return false
		}
		switch string(l.word(l.toks[k])) {
		case "idea", "plan", "wise", "smart", "safe", "fine", "okay", "ok", "acceptable", "sensible":
			return true
		}
	}
	return false
}

// sleptThroughSignal: "managed to sleep through six pages"; a job that
// sleeps through the night is a system.
func sleptThroughSignal(l *linter, i, n int) bool {
	if l.subjectBefore(i) == systemRef {
		return false
	}
	for k := i + n; k < len(l.toks) && k < i+n+4 && l.toks[k].joined; k++ {
		switch singular(string(l.word(l.toks[k]))) {
		case "page", "alert", "alarm", "call", "ring", "notification", "escalation", "phone", "pager", "incident", "outage":
			return true
		}
	}
	return false
}

// recentlyDone: "we just moved the cron servers last week": "just" says
// when, not how little.
func recentlyDone(l *linter, i, n int) bool {
	for k := i + n; k < len(l.toks) && k < i+n+10; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			break
		}
		switch string(l.word(l.toks[k])) {
		case "yesterday", "recently", "ago", "earlier":
			return true
		case "last", "this":
			switch l.verbAfter(k + 1) {
			case "week", "month", "night", "sprint", "quarter", "morning", "weekend", "year":
				return true
			}
		}
	}
	return false
}

// notMadeEasy: "it made the spike easy to see" praises a tool; "it was
// easy to spot" judges whoever did not.
func notMadeEasy(l *linter, i, n int) bool {
	for k := i - 1; k >= 0 && k >= i-5 && l.toks[k+1].joined; k-- {
		switch string(l.word(l.toks[k])) {
		case "made", "makes", "make", "making":
			c := l.subjectBefore(k)
			return c == personRef || c == nameRef
		}
	}
	return true
}

// namedPage: "the status page", "the landing page": a web page, not a
// page to someone's pager.
func (l *linter) namedPage(k int) bool {
	if w := string(l.word(l.toks[k])); w != "page" && w != "pages" || k == 0 || !l.toks[k].joined {
		return false
	}
	switch string(l.word(l.toks[k-1])) {
	case "status", "landing", "home", "web", "login", "checkout", "wiki", "help", "settings", "error", "product", "pricing", "docs", "runbook", "confluence":
		return true
	}
	return false
}

// noSystemAgent: "poor handling of timeouts by the HTTP client" judges
// a program.
func noSystemAgent(l *linter, i, n int) bool { return l.agentAfter(i+n) != systemRef }

// instructed: "all engineers must re-read the checklist", "Ops to brush
// up on": an instruction to people, not what someone did.
func instructed(l *linter, i, n int) bool {
	for k := i - 1; k >= 0 && k >= i-3 && l.toks[k+1].joined; k-- {
		switch string(l.word(l.toks[k])) {
		case "must", "should", "to", "need", "needs", "required", "will", "shall", "please":
			return personSubject(l, k, 1) || personInSentenceBefore(l, k) || l.sentenceStart(k)
		}
	}
	return false
}

// jabQuestion: "was anyone planning to tell us?", "were we ever going to
// test this?": a question about a duty not done.
func jabQuestion(l *linter, i, n int) bool {
	switch l.verbAfter(i + n) {
	case "tell", "inform", "notify", "mention", "check", "test", "look", "fix", "review", "read", "answer", "update", "share", "let", "explain", "own", "restore",
		"warn", "escalate", "respond", "reply", "document", "communicate", "follow", "ack", "acknowledge", "pick", "roll":
		return endsQuestion(l, i, n)
	}
	return false
}

// decisionByPersonTo: "the decision by the platform lead to skip load
// testing".
func decisionByPersonTo(l *linter, i, n int) bool {
	c, at := l.nounAt(i + n)
	if c != personRef && c != nameRef {
		return false
	}
	for k := at + 1; k < len(l.toks) && k <= at+4 && l.toks[k].joined; k++ {
		if string(l.word(l.toks[k])) == "to" {
			switch l.verbAfter(k + 1) {
			case "skip", "bypass", "ignore", "disregard", "override", "forgo", "forego", "omit", "waive", "cut", "rush", "circumvent", "disable", "silence", "mute", "push", "ship", "deploy", "proceed", "go":
				return unexplained(l, k, 1)
			case "defer", "delay", "postpone", "cancel", "drop", "deprioritise", "deprioritize", "shelve", "remove":
				// Deferring is blame only when the sentence makes it the cause.
				return causeInSentence(l, i)
			}
			return false
		}
	}
	return false
}

// expectedAtLeast: "I expected the on-call to at least open the
// dashboard", "expect the team to actually read it".
func expectedAtLeast(l *linter, i, n int) bool {
	c, at := l.nounAt(i + n)
	if c != personRef && c != nameRef || genericPronouns[string(l.word(l.toks[at]))] {
		return false
	}
	if l.verbAfter(at+1) != "to" {
		return false
	}
	switch l.verbAfter(at + 2) {
	case "at", "even", "actually", "bother", "just", "know", "have", "be", "read", "check", "follow", "think":
		if l.verbAfter(at+2) == "think" && l.verbAfter(at+3) != "before" {
			return false
		}
		if l.verbAfter(at+2) == "at" && l.verbAfter(at+3) != "least" {
			return false
		}
		if w := l.verbAfter(at + 2); w == "have" || w == "be" {
			return l.verbAfter(at+3) == "known" || l.verbAfter(at+3) == "checked" || l.verbAfter(at+3) == "more"
		}
		return true
	}
	return false
}

// badTimingAround: "excellent timing from the DBA team, starting a
// reindex at peak traffic".
func badTimingAround(l *linter, i, n int) bool {
	if !personAfterPhrase(l, i, n) && !possessedByPerson(l, i, n) {
		return false
	}
	for k := i + n; k < len(l.toks) && k < i+n+16; k++ {
		if k > i+n && !l.toks[k].joined && l.sentenceEndBefore(k) {
			break
		}
		switch string(l.word(l.toks[k])) {
		case "peak", "launch", "friday", "during", "middle", "rush", "busiest", "holiday", "freeze", "mid-incident", "black":
			return true
		}
	}
	return damageAround(l, i, n)
}

// signalAsDecoration: "the alert was just decoration", "treats the
// runbook as wallpaper".
func signalAsDecoration(l *linter, i, n int) bool {
	for k := i - 1; k >= 0 && k >= i-6; k-- {
		switch singular(string(l.word(l.toks[k]))) {
		case "alert", "alarm", "warning", "runbook", "checklist", "pager", "policy", "process", "review", "freeze", "monitor", "monitoring", "phone":
			return true
		}
		if !l.toks[k+1].joined && l.sentenceEndBefore(k+1) {
			return false
		}
	}
	return false
}

// jabForPerson: "clearly the handbook was too long for some of our
// engineers to read": a plain difficulty said with a sneer.
func jabForPerson(l *linter, i, n int) bool {
	if !personAfterPhrase(l, i, n-1) {
		return false
	}
	for k := i - 1; k >= 0 && k >= i-10; k-- {
		switch string(l.word(l.toks[k])) {
		case "clearly", "apparently", "evidently", "obviously", "presumably", "guess", "suppose":
			return true
		}
		if !l.toks[k+1].joined && l.sentenceEndBefore(k+1) {
			break
		}
	}
	return string(l.word(l.toks[min(i+n, len(l.toks)-1)])) == "some"
}

// jabAhead: "another stellar deploy from the payments squad, and another
// rollback": praise undone later in the sentence.
func jabAhead(l *linter, i, n int) bool {
	for k := i + n; k < len(l.toks) && k < i+n+14; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			break
		}
		switch string(l.word(l.toks[k])) {
		case "another", "again", "rollback", "rolled", "revert", "reverted", "hotfix", "incident", "sev1", "sev-1", "p1":
			return true
		}
	}
	return damageAhead(l, i, n)
}

// hedgedAdvice: "the night shift could perhaps try answering their
// phones": advice to a named group, hedged or "for once", mocks them.
func hedgedAdvice(l *linter, i, n int) bool {
	c := l.subjectBefore(i)
	if c != personRef && c != nameRef || i > 0 && genericPronouns[string(l.word(l.toks[i-1]))] {
		return false
	}
	for k := i; k < i+n; k++ {
		switch string(l.word(l.toks[k])) {
		case "perhaps", "maybe":
			return true
		}
	}
	for k := i + n; k < len(l.toks) && k < i+n+12; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			break
		}
		switch string(l.word(l.toks[k])) {
		case "once", "occasionally", "sometime", "ever":
			return true
		}
	}
	return false
}

// personSubjectUnexplainedNotNew: "Lee never ran the tests" blames;
// "the contractors had not used our review tool before" says they were new.
func personSubjectUnexplainedNotNew(l *linter, i, n int) bool {
	if !personSubjectUnexplained(l, i, n) {
		return false
	}
	for k := i + n; k < len(l.toks) && k < i+n+8 && l.toks[k].joined; k++ {
		if string(l.word(l.toks[k])) == "before" && (k+1 == len(l.toks) || !l.toks[k+1].joined) {
			return false
		}
	}
	return true
}

// fixWords undo damage: praise next to them is meant.
var fixWords = words(`fix fixed fixing restore restored restoring recover recovered recovering rollback roll rolled revert reverted
	finding found diagnosing diagnosed keeping coordinating communicating documenting writing
	away avoid avoided avoiding protect protected protecting spared
	mitigate mitigated mitigating resolve resolved resolving saved saving limit limited contain contained caught
	spotted prevented quick quickly fast calm calmly`)

// gladOfHarm: "so glad the vendor decided to test their patch in
// production", "delightful to learn about the change from our customers":
// gladness at a sentence's start about what someone did wrong.
func gladOfHarm(l *linter, i, n int) bool {
	if !l.sentenceStart(i) && i != 0 {
		return false
	}
	person, harm := false, false
	for k := i + n; k < len(l.toks) && k < i+n+20; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			break
		}
		w := string(l.word(l.toks[k]))
		if fixWords()[w] && !l.fixTurnedBad(k) {
			return false
		}
		if c := l.classify(k); c == nameRef || c == personRef && !genericPronouns[w] || teamWords()[w] {
			person = true
		}
		switch w {
		case "production", "prod", "live", "customers", "twitter", "reddit", "rather", "instead", "unannounced", "unsupervised", "again", "nobody",
			"red", "midnight", "sleeping", "ignoring", "skipping":
			harm = true
		}
		if damageWords()[w] && !strings.HasPrefix(w, "pag") {
			harm = true
		}
	}
	return person && harm
}

// likeAhead: "nothing says teamwork like ...".
func likeAhead(l *linter, i, n int) bool {
	for k := i + n; k < len(l.toks) && k < i+n+5 && l.toks[k].joined; k++ {
		if string(l.word(l.toks[k])) == "like" {
			return true
		}
	}
	return false
}

// neglectSavedButCost: "skipping the canary saved ten minutes; it also
// cost us a day".
func neglectSavedButCost(l *linter, i, n int) bool {
	neglect := false
	for k := i - 1; k >= 0 && k >= i-5; k-- {
		switch string(l.word(l.toks[k])) {
		case "skipping", "bypassing", "ignoring", "cutting", "rushing", "disabling", "dropping", "omitting", "forgoing":
			neglect = true
		}
		if !l.toks[k+1].joined && l.sentenceEndBefore(k+1) {
			break
		}
	}
	if !neglect {
		return false
	}
	return l.wordWithin(i+n, 16, "cost", "costs", "costing")
}

// personAskedQuestion: "were the reviewers even awake when they approved
// this?"
func personAskedQuestion(l *linter, i, n int) bool {
	if !endsQuestion(l, i, n) {
		return false
	}
	c := l.subjectBefore(i)
	return c == personRef || c == nameRef
}

// invertedHad: "things might have gone more smoothly had the on-call
// picked up": a conditional inverted after the consequence.
func invertedHad(l *linter, i, n int) bool {
	if i == 0 || !l.toks[i].joined {
		return false
	}
	w := string(l.word(l.toks[i-1]))
	if !strings.HasSuffix(w, "ly") && !strings.HasSuffix(w, "er") && w != "avoided" && w != "prevented" && w != "different" && w != "less" && w != "earlier" {
		return false
	}
	return l.responderAfter(i+1) || l.beenByPerson(i+1)
}

// praiseForRisk: "terrific idea from Lena to test the failover on the
// live cluster", "props to Ivan for turning a fix into an outage": praise
// for a person next to damage or a risk, with nothing fixed.
func praiseForRisk(l *linter, i, n int) bool {
	// "Stellar effort, Gemma, rotating the keys ...": a name as vocative.
	vocative := i+n < len(l.toks) && !l.toks[i+n].joined && l.classify(i+n) == nameRef
	person := vocative
	for k := i + n; k < len(l.toks) && k < i+n+5 && l.toks[k].joined; k++ {
		w := string(l.word(l.toks[k]))
		if c := l.classify(k); c == nameRef || c == personRef && !genericPronouns[w] || teamWords()[w] || w == "whoever" {
			person = true
			break
		}
	}
	if !person {
		return false
	}
	harm := false
	// "great initiative from the SRE team, rebooting the primary to see
	// what happens": praise, a comma, and what they did.
	for k := i + n + 1; !vocative && k < len(l.toks) && k < i+n+8; k++ {
		if !l.toks[k].joined {
			if l.sentenceEndBefore(k) {
				break
			}
			if w := string(l.word(l.toks[k])); strings.HasSuffix(w, "ing") && len(w) > 5 && !fixWords()[w] {
				harm = true
			}
			break
		}
	}
	for k := i + n; k < len(l.toks) && k < i+n+22; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			break
		}
		w := string(l.word(l.toks[k]))
		if fixWords()[w] && !l.fixTurnedBad(k) {
			return false
		}
		switch w {
		case "saved", "spared", "averted", "shortened", "contained":
			// "excellent work, and it saved us a much longer outage".
			return false
		case "launch", "incident", "peak":
			// "excellent call, Lena, moving the launch to Tuesday".
			harm = harm || !vocative
		case "live", "prod", "production", "friday", "holiday", "unsupervised", "nobody", "skipping", "ignoring", "disabling", "without",
			"bypassing", "untested", "unreviewed", "outage", "outages", "sev1", "downtime":
			harm = true
		}
		if damageWords()[w] && !l.namedPage(k) {
			harm = true
		}
	}
	return harm
}

// fixTurnedBad: "turning a five-minute fix into a four-hour outage": the
// fix is the thing spoiled.
func (l *linter) fixTurnedBad(k int) bool {
	switch l.verbAfter(k + 1) {
	case "into", "a", "another", "new", "yet":
		return true
	}
	return false
}

// notThankedForHelp: "thanks to whoever left debug logging on" mocks;
// "thanks to whoever added the disk alert" thanks.
func notThankedForHelp(l *linter, i, n int) bool {
	switch l.verbAfter(i + n) {
	case "added", "fixed", "wrote", "built", "caught", "spotted", "created", "documented", "automated", "restored", "found", "noticed", "improved", "updated":
		return false
	}
	return true
}

// personNearby: a person named in the sentence, before or after.
func personNearby(l *linter, i, n int) bool {
	return personInSentence(l, i, n) || personInSentenceBefore(l, i)
}

// passiveByPersonLatent: "switched off by an admin to speed up imports",
// "silenced by a developer weeks earlier and forgotten": a guard removed
// by someone, with haste or neglect said; a timeline entry ("disabled by
// Sam at 10:02") is not.
func passiveByPersonLatent(l *linter, i, n int) bool {
	if !l.passiveAt(i) {
		return false
	}
	if a := l.agentAfter(i + n - 1); a != personRef && a != nameRef {
		return false
	}
	for k := i + n; k < len(l.toks) && k < i+n+14; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			break
		}
		switch string(l.word(l.toks[k])) {
		case "forgotten", "never", "abandoned":
			return true
		case "earlier", "ago", "before":
			if w := string(l.word(l.toks[k-1])); w == "weeks" || w == "months" || w == "years" || w == "days" {
				return true
			}
		case "to":
			switch l.verbAfter(k + 1) {
			case "speed", "save", "hit", "make", "meet", "beat", "get", "silence", "quiet", "skip":
				return true
			}
		}
	}
	return false
}

// personPhraseInSentence: a noun phrase naming people anywhere in the
// sentence ("by the program office").
func personPhraseInSentence(l *linter, i, n int) bool {
	start := i
	for start > 0 && start > i-20 && !(!l.toks[start].joined && l.sentenceEndBefore(start)) {
		start--
	}
	for k := start; k < len(l.toks) && k < i+n+20; k++ {
		if k > i && !l.toks[k].joined && l.sentenceEndBefore(k) {
			break
		}
		if c, _ := l.nounAt(k); c == nameRef || c == personRef && !genericPronouns[string(l.word(l.toks[k]))] {
			return true
		}
		// "the heads-up from legal": a team by its trade after "from" or "by".
		if teamWords()[string(l.word(l.toks[k]))] && k > 0 && l.toks[k].joined {
			if p := string(l.word(l.toks[k-1])); p == "from" || p == "by" {
				return true
			}
		}
	}
	return false
}

// causeInSentence: the sentence makes something the incident's cause
// ("can be traced to", "led to", "caused").
func causeInSentence(l *linter, i int) bool {
	start := i
	for start > 0 && start > i-20 && !(!l.toks[start].joined && l.sentenceEndBefore(start)) {
		start--
	}
	for k := start; k < len(l.toks) && k < i+24; k++ {
		if k > i && !l.toks[k].joined && l.sentenceEndBefore(k) {
			break
		}
		switch string(l.word(l.toks[k])) {
		case "traced", "caused", "led", "resulted", "triggered", "doomed", "deliberate", "because", "due", "responsible", "blame":
			return true
		}
	}
	return false
}

// notReminderOfEvent: "remind everyone that the review is on Thursday"
// announces; "remind engineers to check the environment" scolds.
func notReminderOfEvent(l *linter, i, n int) bool {
	for k := i + n; k < len(l.toks) && k < i+n+7 && l.toks[k].joined; k++ {
		switch singular(string(l.word(l.toks[k]))) {
		case "meeting", "review", "deadline", "schedule", "session", "retro", "retrospective", "calendar", "rota", "rotation", "window", "holiday", "offsite":
			return false
		}
	}
	return true
}

// mereAmount: "all of ten minutes after the press release", "all of two
// lines": a small amount mocked.
func mereAmount(l *linter, i, n int) bool {
	k := i + n
	if k+1 >= len(l.toks) || !l.toks[k].joined {
		return false
	}
	w := string(l.word(l.toks[k]))
	num := l.numeric(k)
	switch w {
	case "a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "fifteen", "twenty", "thirty", "sixty", "ninety":
		num = true
	}
	if !num {
		return false
	}
	switch singular(string(l.word(l.toks[k+1]))) {
	case "minute", "second", "hour", "day", "line", "word", "sentence", "click", "glance", "look", "test":
		return true
	}
	return false
}

// heardOfJab: "has anyone on the web team heard of feature flags?",
// "clearly nobody has ever heard of a dry run".
func heardOfJab(l *linter, i, n int) bool {
	switch l.verbAfter(i + n) {
	case "this", "that", "it", "the", "them", "him", "her":
		return false
	}
	jab := endsQuestion(l, i, n)
	for k := i - 1; k >= 0 && k >= i-10; k-- {
		switch string(l.word(l.toks[k])) {
		case "ever", "clearly", "apparently", "obviously", "evidently":
			jab = true
		}
		if !l.toks[k+1].joined && l.sentenceEndBefore(k+1) {
			break
		}
	}
	return jab && (personInSentenceBefore(l, i) || personPhraseInSentence(l, i, n))
}

// conductOfPerson: "the performance of the release team this week was
// poor", "Sam's handling was inadequate"; "the performance of the disk
// was poor" speaks of a machine.
func conductOfPerson(l *linter, i, n int) bool {
	if workOfPersonSubject(l, i, n) {
		return true
	}
	for k := i - 1; k >= 1 && k >= i-12; k-- {
		switch string(l.word(l.toks[k])) {
		case "performance", "conduct", "behaviour", "behavior", "work", "attitude", "effort", "handling", "response", "execution", "preparation", "planning", "communication", "leadership", "supervision", "oversight":
			if l.verbAfter(k+1) == "of" {
				c := l.nounAfter(k + 2)
				return c == personRef || c == nameRef || teamWords()[l.verbAfter(k+2)]
			}
		}
		if !l.toks[k+1].joined && l.sentenceEndBefore(k+1) {
			break
		}
	}
	return false
}

// negatedPassiveByPerson: "the checklist had evidently not been consulted
// by the operator".
func negatedPassiveByPerson(l *linter, i, n int) bool {
	if !l.passiveAt(i) && !(i > 0 && string(l.word(l.toks[i-1])) == "been") {
		return false
	}
	neg := false
	for k := i - 1; k >= 0 && k >= i-5 && l.toks[k+1].joined; k-- {
		switch string(l.word(l.toks[k])) {
		case "not", "never", "wasn't", "weren't", "hadn't", "haven't", "hasn't", "isn't", "aren't":
			neg = true
		}
	}
	if !neg {
		return false
	}
	a := l.agentAfter(i + n)
	return a == personRef || a == nameRef
}

// workOfPersonSubject: "the team's execution of the cutover was chaotic",
// "Ana's handling of the bridge was hasty": a judgement of someone's work.
func workOfPersonSubject(l *linter, i, n int) bool {
	for k := i - 1; k >= 0 && k >= i-12; k-- {
		if w := string(l.word(l.toks[k])); strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "s'") {
			if c := l.classify(k); c == personRef || c == nameRef {
				return true
			}
		}
		if !l.toks[k+1].joined && l.sentenceEndBefore(k+1) {
			break
		}
	}
	return false
}

// byPersonInClause: "left unpatched by the security contractor".
func byPersonInClause(l *linter, i, n int) bool {
	a := l.agentAfter(i + n)
	return a == personRef || a == nameRef
}

// mereAmountFromPerson: "the heads-up from legal, all of ten minutes
// after"; "the fix took all of ten minutes" is a measurement.
func mereAmountFromPerson(l *linter, i, n int) bool {
	return mereAmount(l, i, n) && personPhraseInSentence(l, i, n)
}

// pastDeedNext: "who on earth approved ...": a deed done, not "who on
// earth would expect".
func pastDeedNext(l *linter, i, n int) bool {
	v := l.verbAfter(i + n)
	if strings.HasSuffix(v, "ed") {
		return true
	}
	switch v {
	case "thought", "ran", "wrote", "let", "put", "made", "took", "chose", "sent", "signed", "broke", "left", "set", "gave", "did", "does", "thinks", "lets", "writes", "approves", "merges", "deploys", "schedules":
		return true
	}
	return false
}

// personAfterPhraseFor: "was it really necessary for Kai to restart".
func personAfterPhraseFor(l *linter, i, n int) bool {
	c := l.nounAfter(i + n)
	return c == personRef || c == nameRef
}

// neglectWords say a step or a guard was set aside.
var neglectWords = words(`skip skipped skipping bypass bypassed bypassing disable disabled disabling ignore ignored ignoring
	cut cutting rushed rushing forced hard-coded hardcoded switched turned removed commented muted silenced omitted
	without untested unreviewed late forgot forgotten missed failed broke broken nobody never pushed shipped`)

// expedientNeglect: "bypassed by the developer to save time"; "Sam
// scripted the restore to save time" says why a tool was built.
func expedientNeglect(l *linter, i, n int) bool {
	if !clauseOrSentenceOfPerson(l, i, n) && !personPhraseInSentence(l, i, n) {
		return false
	}
	return l.neglectInSentence(i, n)
}

func (l *linter) neglectInSentence(i, n int) bool {
	for k := i - 1; k >= 0 && k >= i-14; k-- {
		if neglectWords()[string(l.word(l.toks[k]))] {
			return true
		}
		if !l.toks[k+1].joined && l.sentenceEndBefore(k+1) {
			break
		}
	}
	for k := i + n; k < len(l.toks) && k < i+n+14; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			break
		}
		if neglectWords()[string(l.word(l.toks[k]))] {
			return true
		}
	}
	return false
}

// habitOfHarm: "once again the platform team pushed without telling
// anyone"; "once again the rotation handed over cleanly" is not blame.
func habitOfHarm(l *linter, i, n int) bool {
	if !personSubjectOrSubjectAhead(l, i, n) {
		return false
	}
	if l.neglectInSentence(i, n) {
		return true
	}
	for k := i + n; k < len(l.toks) && k < i+n+16; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			break
		}
		if damageWords()[string(l.word(l.toks[k]))] && !l.namedPage(k) {
			return true
		}
		switch string(l.word(l.toks[k])) {
		case "apology", "apologising", "apologizing", "explaining", "embarrassed", "embarrassing", "excuses":
			// "once again the data team has left us explaining to the board".
			return true
		}
	}
	return false
}

// personAfterPhraseJab: "it would be lovely if the front-end folks tested
// occasionally"; "it would be nice if the vendor published test results"
// is a wish.
func personAfterPhraseJab(l *linter, i, n int) bool {
	if !personAfterPhrase(l, i, n) {
		return false
	}
	for k := i - 1; k >= 0 && k >= i-2; k-- {
		if string(l.word(l.toks[k])) == "once" {
			return true // "just once it would be nice if"
		}
	}
	for k := i + n; k < len(l.toks) && k < i+n+20; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			break
		}
		switch string(l.word(l.toks[k])) {
		case "occasionally", "once", "ever", "actually", "bothered", "even", "sometime", "least", "sometimes":
			return true
		}
	}
	return false
}

// praiseForNeglect: "truly inspiring commitment to not reading the
// runbook", "a real talent for breaking prod".
func praiseForNeglect(l *linter, i, n int) bool {
	v := l.verbAfter(i + n)
	if v == "not" || v == "never" || neglectWords()[v] || damageWords()[v] {
		return true
	}
	return false
}

// anotherAnother: "another week, another quick fix from the platform
// team".
func anotherAnother(l *linter, i, n int) bool {
	for k := i + 2; k < len(l.toks) && k <= i+4; k++ {
		if string(l.word(l.toks[k])) == "another" && !l.toks[k].joined && !l.sentenceEndBefore(k) {
			if damageAhead(l, k, 1) || l.neglectInSentence(k, 1) {
				return true
			}
			// "another week, another "quick fix" from the platform team".
			quoted := k+1 < len(l.toks) && bytes.ContainsAny(l.doc[l.toks[k].end:l.toks[k+1].start], "\"“'‘")
			return quoted && personPhraseInSentence(l, k, 1)
		}
	}
	return false
}

// fromPersonLater: "ah, the famous 'I'll fix it in the morning' from the
// night shift": a habit attributed, across a quotation.
func fromPersonLater(l *linter, i, n int) bool {
	if i == 0 || !l.sentenceStart(i-1) && i-1 != 0 {
		// "the famous" opens the sentence or follows "ah"/"oh".
		if i < 2 || (string(l.word(l.toks[i-2])) != "ah" && string(l.word(l.toks[i-2])) != "oh") {
			return false
		}
	}
	if string(l.word(l.toks[i-1])) != "the" && string(l.word(l.toks[i-1])) != "our" {
		return false
	}
	for k := i + n; k < len(l.toks) && k < i+n+16; k++ {
		if k > i+n && !l.toks[k].joined && l.sentenceEndBefore(k) {
			break
		}
		if w := string(l.word(l.toks[k])); w == "from" || w == "by" {
			c := l.nounAfter(k + 1)
			return c == personRef || c == nameRef || personOrTeamNextAfterThe(l, k+1)
		}
	}
	return false
}

// personNotPossessiveSubject: "the account manager misrepresented the
// fix"; "the vendor's documentation misrepresented the timeout" is a
// document's fault.
func personNotPossessiveSubject(l *linter, i, n int) bool {
	return personSubject(l, i, n) && (!l.possessiveSubject(i) || i > 0 && l.classify(i-1) == personRef)
}

// othersThrewTogether: "the script the contractors threw together";
// "I was gonna cobble together a sign-up sheet" is someone's own plan.
func othersThrewTogether(l *linter, i, n int) bool {
	if !notSystemSubject(l, i, n) {
		return false
	}
	for k := i - 1; k >= 0 && k >= i-5 && l.toks[k+1].joined; k-- {
		switch w := string(l.word(l.toks[k])); w {
		case "i", "we", "i'm", "we're", "i'll", "we'll", "i've", "we've", "let's", "i'd", "we'd":
			return false
		case "gonna", "going", "to", "will", "can", "could", "should", "quickly":
			continue
		default:
			if !skippable()[w] {
				return true
			}
		}
	}
	return true
}

// passiveByPersonSkip: "the alarm was repeatedly snoozed by the night
// operator": the adverb sits before the participle.
func passiveByPersonSkip(l *linter, i, n int) bool {
	if !l.passiveAt(i) && !(i > 0 && l.passiveAt(i-1)) {
		return false
	}
	a := l.agentAfter(i + n)
	return a == personRef || a == nameRef
}

// harmNotFixed: damage in the sentence and nothing fixed: "the infra team
// really outdid themselves breaking dns".
func harmNotFixed(l *linter, i, n int) bool {
	for k := i + n; k < len(l.toks) && k < i+n+14; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			break
		}
		if fixWords()[string(l.word(l.toks[k]))] && !l.fixTurnedBad(k) {
			return false
		}
	}
	return damageAround(l, i, n)
}

// likeNameJab: "the reason is people like Ivo", "checklists exist for
// people like Ivo"; "engineers like Ivo who wrote the runbook were
// consulted" names examples.
func likeNameJab(l *linter, i, n int) bool {
	if !nameNextDirect(l, i, n) || i == 0 || !l.toks[i].joined {
		return false
	}
	switch string(l.word(l.toks[i-1])) {
	case "is", "are", "was", "were", "for", "about", "of", "because", "thanks", "blame":
		return true
	}
	return false
}

// quotedMeans: 'apparently "tested locally" means "compiled once"': a
// quoted claim redefined with a sneer.
func quotedMeans(l *linter, i, n int) bool {
	k := i + n
	if k >= len(l.toks) || l.toks[k].joined || l.sentenceEndBefore(k) {
		return false
	}
	if !bytes.ContainsAny(l.doc[l.toks[k-1].end:l.toks[k].start], "\"“") {
		return false
	}
	switch string(l.word(l.toks[k])) {
	case "means", "meant", "apparently":
		return true
	}
	return false
}

// hardForms cover sarcasm, a manager's judgement and nominalised or
// passive blame, each as a structure: understatement about a person
// ("a little optimistic"), a rhetorical tag (", right, Hannah?"), care
// said not to have been exercised, a person's or vendor's delay or
// inability as the cause, a demand that someone personally check every
// change.
func hardForms(add func([]rule)) {
	// Understatement of a person's judgement: "Yuki was a little
	// optimistic", "a slightly unfortunate choice by Grace".
	add(phrase(Normative, "a+little/a+bit/slightly/somewhat/a+tad/a+touch/rather/a+little+too/a+bit+too/slightly+too/somewhat+too/a+tad+too/rather+too/just+a+little+too optimistic|ambitious|relaxed|casual|hasty|trusting|cavalier|generous|liberal|hopeful|eager|trigger-happy|unfortunate|questionable|regrettable|careless|premature",
		when(someoneOrNamedSubject), suggest(sugSarcasm)))
	add(phrase(Normative, "unfortunate|questionable|regrettable|dubious|ill-advised|ill-judged|unwise|curious|baffling|puzzling|inexplicable choice|decision|call|move", when(someoneInSentence), suggest(suggestions[Normative])))
	// A rhetorical tag at a person: ", right, Hannah?", "..., eh, Sven?".
	add(phrase(Normative, "right|eh|huh|yeah|no", when(tagAtName), suggest(sugSarcasm)))
	add(phrase(Normative, "didn't|wasn't|isn't|did|was|hasn't|doesn't|weren't|aren't it|they|we|you", when(tagAtName), suggest(sugSarcasm)))
	add(phrase(Normative, "who+knew/who+would+have+thought/who'd+have+thought/who+could+have+guessed/who'd+have+guessed/who+would've+thought that", suggest(sugSarcasm)))
	add(phrase(Normative, "who+would+have+thought/who'd+have+thought/who+could+have+guessed/who'd+have+guessed/who+would've+thought", when(damageAheadInSentence), suggest(sugSarcasm)))
	// "it's not like the warning was in red letters or anything".
	add(phrase(Normative, "or anything", when(notLikeBefore), suggest(sugSarcasm)))
	add(phrase(Normative, "or+anything/or+something", when(notAsIfBefore), suggest(sugSarcasm)))
	// "we all know whose script it was".
	add(phrase(Normative, "we+all+know/we+both+know/everyone+knows/everybody+knows/you+all+know whose|who", when(knowingJab), suggest(sugSarcasm)))
	// "as experienced as Deepak thinks he is".
	add(phrase(Normative, "thinks|think|believes|imagines|claims he|she|they is|are|was|were", when(endsSentence), suggest(sugSarcasm)))
	// "I'm sure Priya had a very good reason for not reading it".
	add(phrase(Normative, "i'm+sure/i+am+sure/im+sure/no+doubt/i'm+certain/im+certain/doubtless/i+trust", when(reasonOfPerson), suggest(sugSarcasm)))
	// "the team that brought us last month's outage".
	add(phrase(Normative, "brought|gave|treated|delivered us", when(teamThenHarm), suggest(sugSarcasm)))
	// "some of us apparently consider staging a suggestion".
	add(phrase(Normative, "consider|considers|considered|treat|treats|treated|regard|regards|regarded|deem|deems|deemed|think|thinks|thought|believe|believes|see|sees", when(apparentlyDismissive), suggest(sugSarcasm)))
	add(phrase(Normative, "left|leaves|leaving us|me|everyone apologising|apologizing|explaining|scrambling|firefighting|grovelling|groveling", when(notSystemSubject), suggest(sugAttitude)))
	// "did anyone on the platform team even read the ticket?"
	add(phrase(QuestionAtPerson, "even|actually|ever read|check|look|open|test|try|run|review|glance|notice|know|understand|care|bother", when(questionAtSomeone), suggest(sugSarcasm)))
	// "nobody could have predicted it, well, nobody except Tariq".
	add(phrase(Normative, "nobody/no+one except|but|besides", when(exceptNameAfterPredicted), suggest(sugSarcasm)))
	// "about as gracefully as a bull in a server room".
	add(phrase(Normative, "about|roughly|nearly|just as", when(sarcasticSimile), suggest(sugSarcasm)))
	// "someone decided that ignoring three failed checks was fine".
	add(phrase(Normative, "decided|figured|felt|concluded|judged|reckoned|thought that", when(deemedFineFar), suggest(sugSarcasm)))
	// "truly visionary scheduling".
	add(phrase(Normative, "truly|really|simply|absolutely visionary|inspired|genius|masterful|heroic|exemplary|stellar|world-class", when(someoneInSentence), suggest(sugSarcasm)))
	// The manager's voice: inexplicable delay, personal sign-off, removal.
	add(phrase(Normative, "inexplicably|needlessly|unnecessarily|pointlessly|unaccountably|bafflingly|carelessly|recklessly|lazily|sloppily", when(personAroundAdverb), suggest(suggestions[Normative])))
	add(phrase(BeMoreCareful, "personally sign|review|approve|check|verify|inspect|vet|oversee|supervise|monitor|read|test|audit", when(everyAhead), suggest(suggestions[BeMoreCareful])))
	add(phrase(BeMoreCareful, "to be removed|suspended|barred|banned|excluded|dropped|stood|taken|pulled from|off|down", when(imposedBan), suggest(sugAttitude)))
	add(phrase(Normative, "inability|unwillingness|reluctance|refusal|failure to", when(possessedByPersonOrTeam), suggest(suggestions[PersonAsCause])))
	add(phrase(PersonAsCause, "delay|delays|slowness|tardiness|hesitation|dithering|foot-dragging|procrastination in|over|with|on", when(delayOfPerson), suggest(sugNeglect)))
	add(phrase(Counterfactual, "more competent|capable|careful|experienced|attentive|diligent|skilled|alert|professional|organised|organized|disciplined|seasoned", when(betterPersonWould)))
	add(phrase(Normative, "expect|expects|expecting this|that to be the last time", when(personInSentence), suggest(sugAttitude)))
	add(phrase(Normative, "had+better/'d+better/better be the last time", suggest(sugAttitude)))
	add(phrase(Normative, "needs+to+be/must+be/has+to+be/had+better+be the last time", when(someoneInSentence), suggest(sugAttitude)))
	add(phrase(Normative, "despite/in+spite+of repeated|multiple|several|many|numerous|countless|constant reminders|warnings|requests|instructions", when(someoneInSentence), suggest(sugAttitude)))
	add(phrase(Normative, "put|left us in front of", when(personSubjectOrSubjectAhead), suggest(sugAttitude)))
	// Care said not to have been exercised: "due diligence was not
	// exercised by procurement", "appropriate care was not taken".
	add(phrase(PersonAsCause, "diligence|care|caution|attention|vigilance|rigour|rigor|judgement|judgment|prudence|discretion|effort|thought was|were|had not|never been+exercised/been+taken/been+done/exercised|taken|shown|applied|paid|given|used|put|done|performed|conducted", suggest(sugNeglect)))
	add(phrase(PersonAsCause, "diligence|care|caution|attention|vigilance|rigour|rigor|judgement|judgment|prudence|discretion|effort|thought wasn't|weren't|hadn't exercised|taken|shown|applied|paid|given|used|put|done|performed|conducted", suggest(sugNeglect)))
	add(phrase(PersonAsCause, "minimal/little/insufficient/scant/inadequate/zero/no/scarcely+any/hardly+any/barely+any/precious+little/very+little/negligible/meagre/meager/token effort|thought|care|attention was|were put|given|paid|invested|devoted|spent", suggest(sugNeglect)))
	add(phrase(PersonAsCause, "shortcomings|failings|deficiencies|inadequacies|incompetence|sloppiness|carelessness|negligence of|in|by", when(someoneInPhrase), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "unwarranted|unjustified|careless|naive|naïve|reckless|baseless|lazy|sloppy|hasty|rash|unfounded|bad|poor|ill-founded|ill-considered|misguided|wishful|complacent assumption|assumptions", when(someoneInSentence), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "insufficient|inadequate|limited|poor|questionable|lacking|low competence|skill|skills|expertise|professionalism|aptitude|ability", when(someoneInSentence), suggest(sugAttitude)))
	add(phrase(PersonAsCause, "inadequate|insufficient|poor|lax|sloppy|careless|slow|sluggish|disorganised|disorganized|lacklustre|lackluster|deficient|dismal|abysmal|woeful|shoddy|lamentable|pitiful|feeble response|responses|effort|efforts|performance|support|practices|conduct|execution|follow-through|triage|escalation", when(someoneInSentence), suggest(suggestions[Normative])))
	add(phrase(BeMoreCareful, "greater|more|increased|heightened|better|extra vigilance|diligence|caution|discipline|alertness|carefulness is|are|will|must|should", suggest(suggestions[BeMoreCareful])))
}

// tagAtName: ", right, Hannah?": a tag question thrown at a person
// after a statement.
func tagAtName(l *linter, i, n int) bool {
	if i < 3 || l.toks[i].joined || i+n >= len(l.toks) || l.toks[i+n].joined {
		return false
	}
	for k := i - 1; k > i-3; k-- {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			return false
		}
	}
	if l.classify(i+n) != nameRef || !endsSentence(l, i+n, 1) || !endsQuestion(l, i+n, 0) {
		return false
	}
	// Irony or harm before the tag: "that went well, didn't it, Joao?",
	// "... would have consequences, right, Hannah?"; "the deploy
	// finished, didn't it, Joao?" checks a fact.
	for k := i - 1; k >= 0 && k >= i-20; k-- {
		w := string(l.word(l.toks[k]))
		if hardHarm()[w] {
			return true
		}
		switch w {
		case "well", "great", "smoothly", "nice", "lovely", "brilliant", "consequences", "surprise", "surprising", "shocking", "predictable", "idea", "genius", "clever", "fun",
			"beautifully", "perfectly", "swimmingly", "flawlessly", "wonderfully", "splendidly", "marvellously", "marvelously", "fantastic":
			return true
		}
		if !l.toks[k+1].joined && l.sentenceEndBefore(k+1) {
			break
		}
	}
	return false
}

// damageAheadInSentence: damage or an outage named later in the sentence.
func damageAheadInSentence(l *linter, i, n int) bool {
	for k := i + n; k < len(l.toks) && k < i+n+20; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			return false
		}
		if hardHarm()[string(l.word(l.toks[k]))] {
			return true
		}
	}
	return false
}

// notLikeBefore: "it's not like ... or anything".
func notLikeBefore(l *linter, i, n int) bool {
	for k := i - 1; k >= 1 && k >= i-20; k-- {
		if string(l.word(l.toks[k])) == "like" && string(l.word(l.toks[k-1])) == "not" {
			return true
		}
		if !l.toks[k+1].joined && l.sentenceEndBefore(k+1) {
			return false
		}
	}
	return false
}

// reasonOfPerson: "I'm sure Priya had a very good reason for not reading".
func reasonOfPerson(l *linter, i, n int) bool {
	if c, at := l.nounAt(i + n); (c != nameRef && c != personRef || at > i+n+2) && !(i+n < len(l.toks) && teamWords()[l.verbAfter(i+n)]) {
		return false
	}
	found := false
	for k := i + n; k < len(l.toks) && k < i+n+8 && l.toks[k].joined; k++ {
		switch string(l.word(l.toks[k])) {
		case "reason", "reasons", "explanation", "excuse", "rationale":
			found = true
		}
	}
	// "I'm sure Tom had a good reason, and he explained it" is sincere.
	return found && unexplainedOrSaid(l, i, n)
}

// unexplainedOrSaid: no reason given and none said to have been given.
func unexplainedOrSaid(l *linter, i, n int) bool {
	for k := i + n; k < len(l.toks) && k < i+n+24; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			break
		}
		switch string(l.word(l.toks[k])) {
		case "explained", "explains", "said", "told", "because", "since", "described":
			return false
		}
	}
	return true
}

// teamThenHarm: "the team that brought us last month's outage".
func teamThenHarm(l *linter, i, n int) bool {
	if i < 2 || !l.toks[i].joined {
		return false
	}
	if p := string(l.word(l.toks[i-1])); p != "that" && p != "who" {
		return false
	}
	if c := l.classify(i - 2); c != personRef && c != nameRef && !teamWords()[string(l.word(l.toks[i-2]))] {
		return false
	}
	return damageAheadInSentence(l, i, n)
}

// apparentlyDismissive: "some of us apparently consider staging a
// suggestion", "the vendor apparently considers 'we'll look' a resolution".
func apparentlyDismissive(l *linter, i, n int) bool {
	app := false
	for k := i - 1; k >= 0 && k >= i-5 && l.toks[k+1].joined; k-- {
		switch string(l.word(l.toks[k])) {
		case "apparently", "evidently", "clearly", "obviously":
			app = true
		}
	}
	if !app {
		return false
	}
	// The first "a|an|as X" after the verb names what the thing is taken
	// for: "a suggestion", not "a priority, and promised a fix".
	for k := i + n; k < len(l.toks) && k < i+n+12; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			return false
		}
		w := string(l.word(l.toks[k]))
		if w == "optional" {
			return true
		}
		if w != "a" && w != "an" && w != "as" {
			continue
		}
		for m := k + 1; m < len(l.toks) && m <= k+2 && l.toks[m].joined; m++ {
			switch string(l.word(l.toks[m])) {
			case "suggestion", "resolution", "formality", "afterthought", "optional", "guideline", "recommendation", "nice-to-have", "fix", "answer", "solution", "strategy",
				"light", "joke", "decoration", "bedtime", "trivia":
				return true
			}
		}
		return false
	}
	return false
}

// delayOfPerson: "the legal team's delay in approving the patch", a
// person's decision late; not "the provider's delay in sending webhooks"
// (a system's) nor a delay that was agreed.
func delayOfPerson(l *linter, i, n int) bool {
	if !possessedByPersonOrTeam(l, i, n) || i+n >= len(l.toks) {
		return false
	}
	switch l.verbAfter(i + n) {
	case "approving", "signing", "responding", "replying", "escalating", "acting", "reviewing", "renewing", "patching",
		"answering", "deciding", "acknowledging", "reacting", "following", "updating", "notifying", "informing", "paying":
	default:
		return false
	}
	for k := i + n; k < len(l.toks) && k < i+n+16; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			break
		}
		switch string(l.word(l.toks[k])) {
		case "agreed", "planned", "approved", "expected", "scheduled", "because", "since", "per":
			return false
		}
	}
	return true
}

// questionAtSomeone: "did anyone on the platform team even read it?"
func questionAtSomeone(l *linter, i, n int) bool {
	if !endsQuestion(l, i, n) {
		return false
	}
	for k := i - 1; k >= 0 && k >= i-8 && l.toks[k+1].joined; k-- {
		w := string(l.word(l.toks[k]))
		switch w {
		case "anyone", "anybody", "someone", "somebody", "they", "he", "she":
			return true
		}
		if c := l.classify(k); c == nameRef || c == personRef && !genericPronouns[w] || teamWords()[w] {
			return true
		}
	}
	return false
}

// exceptNameAfterPredicted: "nobody could have predicted it — well,
// nobody except Tariq".
func exceptNameAfterPredicted(l *linter, i, n int) bool {
	c, at := l.nounAt(i + n)
	if c != nameRef && c != personRef || at > i+n+1 {
		return false
	}
	for k := i - 1; k >= 0 && k >= i-25; k-- {
		switch string(l.word(l.toks[k])) {
		case "predicted", "foreseen", "guessed", "imagined", "seen", "expected":
			return true
		}
	}
	return false
}

// sarcasticSimile: "about as gracefully as a bull in a server room".
func sarcasticSimile(l *linter, i, n int) bool {
	k := i + n
	if k+2 >= len(l.toks) || string(l.word(l.toks[k+1])) != "as" {
		return false
	}
	switch string(l.word(l.toks[k+2])) {
	case "a", "an":
	default:
		return false
	}
	switch string(l.word(l.toks[k])) {
	case "gracefully", "graceful", "subtle", "subtly", "useful", "helpful", "delicately", "delicate", "elegant", "elegantly",
		"gentle", "gently", "smooth", "smoothly", "careful", "carefully", "competent", "competently", "effective", "effectively",
		"reassuring", "reliable", "organised", "organized", "calm", "calmly", "quiet", "quietly", "tactful", "tactfully":
		return someoneInSentence(l, i, n) || l.capitalisedSubject(i)
	}
	return false
}

// personAroundAdverb: "which Yusuf inexplicably delayed", "the vendor's
// engineers prolonged the outage unnecessarily".
func personAroundAdverb(l *linter, i, n int) bool {
	if i > 0 && l.toks[i].joined {
		if c := l.classify(i - 1); c == nameRef || c == personRef && !genericPronouns[string(l.word(l.toks[i-1]))] {
			return true
		}
	}
	c, _ := l.clauseSubject(i)
	if (c == personRef || c == nameRef) && !l.possessiveSubject(i) {
		return true
	}
	return i+n < len(l.toks) && passiveByPerson(l, i+n, 1) || someoneInSentence(l, i, n) && damageAround(l, i, n)
}

// everyAhead: "to personally review every config change".
func everyAhead(l *linter, i, n int) bool {
	return l.wordJoinedWithin(i+n, 5, "every", "each", "all", "any")
}

// possessedByPersonOrTeam: "the operations team's inability to follow",
// "the legal team's delay in approving".
func possessedByPersonOrTeam(l *linter, i, n int) bool {
	if possessedByPerson(l, i, n) {
		return true
	}
	if i == 0 || !l.toks[i].joined {
		return false
	}
	w := string(l.word(l.toks[i-1]))
	if !strings.HasSuffix(w, "'s") && !strings.HasSuffix(w, "s'") {
		return false
	}
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "'")
	switch w {
	case "team", "teams", "group", "department", "vendor", "provider", "supplier", "contractor", "board", "staff", "desk", "office", "unit", "division", "partner":
		return true
	}
	return teamWords()[w]
}

// betterPersonWould: "a more competent response would have contained
// this", "a more careful engineer would have".
func betterPersonWould(l *linter, i, n int) bool {
	k := i + n
	if k+1 >= len(l.toks) {
		return false
	}
	w := string(l.word(l.toks[k]))
	if c := l.classify(k); !(c == personRef || c == nameRef || workNouns()[w] || w == "response" || w == "team" || w == "handling") {
		return false
	}
	switch string(l.word(l.toks[k+1])) {
	case "would", "could", "might", "would've", "could've", "wouldn't":
		return true
	}
	return false
}

// exposedHarm: "Ana exposed the admin port"; not "Jonas's change exposed
// a dependency nobody had documented", which reports what was found.
func exposedHarm(l *linter, i, n int) bool {
	for k := i + n; k < len(l.toks) && k < i+n+4 && l.toks[k].joined; k++ {
		switch string(l.word(l.toks[k])) {
		case "race", "dependency", "dependencies", "bug", "bugs", "flaw", "flaws", "gap", "gaps", "weakness", "weaknesses",
			"assumption", "assumptions", "limit", "limits", "issue", "issues", "problem", "problems", "defect", "defects",
			"mismatch", "edge", "latent", "hidden", "undocumented", "existing", "long-standing", "longstanding":
			return false
		}
	}
	return personSubjectUnexplained(l, i, n)
}

// knowingJab: "we all know whose 'temporary' script was still running";
// "we all know who to call" is a fact of the rota.
func knowingJab(l *linter, i, n int) bool {
	if v := l.verbAfter(i + n); v == "to" || v == "turn" || v == "is" || v == "the" {
		return false
	}
	// A scare-quoted thing ("whose 'small tweak'"), masked out of the words.
	if k := i + n; k < len(l.toks) && bytes.ContainsAny(l.doc[l.toks[k-1].end:l.toks[k].start], "\"'“‘") {
		return true
	}
	if damageAheadInSentence(l, i, n) {
		return true
	}
	for k := i + n; k < len(l.toks) && k < i+n+14; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			return false
		}
		switch string(l.word(l.toks[k])) {
		case "still", "again", "always", "later":
			return true
		}
		if b := l.toks[k].start; b > 0 && (l.doc[b-1] == '"' || l.doc[b-1] == '\'') {
			return true
		}
	}
	return false
}

// imposedBan: "Hiroshi to be removed from the rotation"; not "Hiroshi
// asked to be removed while on leave".
func imposedBan(l *linter, i, n int) bool {
	if i > 0 {
		switch string(l.word(l.toks[i-1])) {
		case "asked", "asks", "requested", "requests", "wanted", "wants", "volunteered", "offered", "chose", "agreed", "prefers", "preferred", "needs", "needed":
			return false
		}
	}
	// "Action item: Gustavo to be barred": a capitalised name before "to be".
	if i >= 1 && l.classify(i-1) != systemRef && !functionWords()[string(l.word(l.toks[i-1]))] {
		if c := l.doc[l.toks[i-1].start]; c >= 'A' && c <= 'Z' {
			return true
		}
	}
	return banOfPerson(l, i, n)
}

// someoneInSentence: a named person, a person noun, or a team or vendor
// ("the procurement department", "the cloud provider's engineers")
// anywhere in the phrase's sentence; "we" and "you" name no one.
func someoneInSentence(l *linter, i, n int) bool {
	if personPhraseInSentence(l, i, n) {
		return true
	}
	start := i
	for start > 0 && start > i-20 && !(!l.toks[start].joined && l.sentenceEndBefore(start)) {
		start--
	}
	for k := start; k < len(l.toks) && k < i+n+20; k++ {
		if k > i && !l.toks[k].joined && l.sentenceEndBefore(k) {
			break
		}
		w := string(l.word(l.toks[k]))
		if c := l.classify(k); c == nameRef || c == personRef && !genericPronouns[w] {
			return true
		}
		switch strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "'") {
		case "team", "teams", "group", "department", "vendor", "vendors", "provider", "supplier", "contractor", "contractors", "board", "staff", "desk":
			// "the DNS provider's API" is a system.
			if strings.HasSuffix(w, "'s") && k+1 < len(l.toks) && l.classify(k+1) == systemRef && !peopleWorkAt(l, k+2) {
				continue
			}
			return true
		}
	}
	return false
}

// someoneOrNamedSubject: someone in the sentence, or a capitalised
// subject opening it that is not a system ("Bogdan was a tad relaxed").
func someoneOrNamedSubject(l *linter, i, n int) bool {
	if someoneInSentence(l, i, n) {
		return true
	}
	start := i
	for start > 0 && start > i-6 && !(!l.toks[start].joined && l.sentenceEndBefore(start)) {
		start--
	}
	if start+1 >= i || l.classify(start) == systemRef || functionWords()[string(l.word(l.toks[start]))] {
		return false
	}
	if c := l.doc[l.toks[start].start]; c < 'A' || c > 'Z' {
		return false
	}
	switch string(l.word(l.toks[start+1])) {
	case "was", "were", "is", "seemed", "seems":
		return true
	}
	return false
}

// notAsIfBefore: "it's not as if the runbook was hidden or anything".
func notAsIfBefore(l *linter, i, n int) bool {
	for k := i - 1; k >= 2 && k >= i-20; k-- {
		if w := string(l.word(l.toks[k])); (w == "if" || w == "though") && string(l.word(l.toks[k-1])) == "as" {
			switch string(l.word(l.toks[k-2])) {
			case "not", "isn't", "wasn't", "aren't", "weren't", "ain't":
				return true
			}
		}
		if !l.toks[k+1].joined && l.sentenceEndBefore(k+1) {
			return false
		}
	}
	return false
}

// deemedFineFar: "somebody figured that silencing the disk alerts for a
// week was acceptable": a person judged a neglect fine, with no reason.
func deemedFineFar(l *linter, i, n int) bool {
	c, _ := l.clauseSubject(i)
	if c != personRef && c != nameRef {
		return false
	}
	for k := i + n; k < len(l.toks) && k < i+n+16; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			return false
		}
		switch string(l.word(l.toks[k])) {
		case "because", "since", "given", "after", "per", "based":
			return false
		case "fine", "acceptable", "ok", "okay", "harmless", "unnecessary", "overkill", "optional", "pointless", "safe":
			return (l.neglectInSentence(i, n) || neglectGerundAhead(l, i+n, k)) && l.verbAfter(k+1) != "for" && unexplainedOrSaid(l, k, 1)
		}
	}
	return false
}

// neglectGerundAhead: "silencing", "ignoring", "skipping" between from and to.
func neglectGerundAhead(l *linter, from, to int) bool {
	for k := from; k < to; k++ {
		switch string(l.word(l.toks[k])) {
		case "silencing", "ignoring", "skipping", "disabling", "muting", "bypassing", "snoozing", "overriding", "deleting", "dropping",
			"turning", "switching", "removing", "commenting", "killing":
			return true
		}
	}
	return false
}

// hardHarm names damage plainly (damageWords also holds "page" and "took").
var hardHarm = words(`break breaks broke broken breaking outage outages down crash crashed crashing delete deleted deleting
	drop dropped wipe wiped lost lose corrupt corrupted failed failure failures mess fire fires disaster fiasco
	consequences downtime destroyed wrecked debacle nightmare offline`)

// peopleWorkAt: "practices", "engineers", "staff" at token k: the
// "monitoring practices" of a vendor are its people's work.
func peopleWorkAt(l *linter, k int) bool {
	if k >= len(l.toks) || !l.toks[k].joined {
		return false
	}
	switch string(l.word(l.toks[k])) {
	case "practices", "practice", "engineers", "staff", "team", "teams", "people", "technicians", "operators", "processes", "process", "handling", "conduct", "habits":
		return true
	}
	return false
}

// someoneInPhrase: a person, team or vendor in the few words after the
// phrase ("the failings of the hosting company's support staff"); "the
// deficiencies of the old tooling are listed with owners" names none.
func someoneInPhrase(l *linter, i, n int) bool {
	for k := i + n; k < len(l.toks) && k < i+n+7 && l.toks[k].joined; k++ {
		w := string(l.word(l.toks[k]))
		switch w {
		case "is", "are", "was", "were", "have", "has", "had":
			return false
		}
		if c := l.classify(k); c == nameRef || c == personRef && !genericPronouns[w] {
			return true
		}
		switch strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "'") {
		case "team", "teams", "group", "department", "vendor", "vendors", "provider", "supplier", "contractor", "contractors", "board", "staff", "desk", "company", "partner", "office", "noc":
			if strings.HasSuffix(w, "'s") && k+1 < len(l.toks) && l.classify(k+1) == systemRef && !peopleWorkAt(l, k+2) {
				continue
			}
			return true
		}
	}
	return false
}

// capitalisedSubject: the sentence opens with a capitalised word that is
// neither a system nor a function word ("Dario ran the call ...").
func (l *linter) capitalisedSubject(i int) bool {
	start := i
	for start > 0 && start > i-20 && !(!l.toks[start].joined && l.sentenceEndBefore(start)) {
		start--
	}
	if start == i || l.classify(start) == systemRef || functionWords()[string(l.word(l.toks[start]))] {
		return false
	}
	c := l.doc[l.toks[start].start]
	return c >= 'A' && c <= 'Z'
}
