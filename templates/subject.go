package templates

import (
	"bytes"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Who a phrase is about. The lint judges wording about people, not about
// systems ("the service failed to start" is fine, "the on-call engineer
// failed to escalate" is not), so the phrases a system can say too look
// at their subject: the noun before the verb, a passive's "by" agent, or
// the noun after "due to".

// referent is what a noun phrase names.
type referent int

const (
	unknownRef referent = iota
	personRef           // a pronoun for people, a role, a team
	nameRef             // a capitalised word that is probably someone's name
	systemRef           // a machine, a program, a signal
)

// personWords name people or groups of people.
var personWords = words(`i we you he she they someone somebody nobody anyone anybody everyone everybody
	one me us him her them who whoever
	engineer engineers operator operators admin admins administrator administrators sysadmin sysadmins
	developer developers dev devs programmer programmers sre sres on-call oncall on-caller on-callers responder responders
	team teams staff intern interns employee employees human humans person people personnel individual individuals
	manager managers lead leads commander commanders reviewer reviewers author authors owner owners maintainer maintainers
	analyst analysts technician technicians contractor contractors colleague colleagues coworker coworkers co-worker
	guy guys folks ops devops qa tester testers approver approvers ic scribe member members hire hires newbie junior
	customer customers user users staffer staffers expert experts architect architects consultant consultants
	dba dbas pilot pilots dude dudes gal gals bro chap fella crew squad peeps idiot idiots moron morons muppet
	clown clowns management leadership board boards committee committees council panel department
	departments organisation organization noc soc cab pm pms em ems tl cto ceo cio ciso vp vps svp pmo hr
	crews tech techs u ya ppl yall y'all producer producers designer designers artist artists planner planners
	writer writers coder coders founder founders director directors executive executives exec execs boss bosses
	supervisor supervisors juniors senior seniors rookie rookies newbies requester submitter committer committers
	dispatcher dispatchers coordinator coordinators facilitator moderator moderators sysop specialist specialists
	rep reps representative representatives associate associates officer officers trainee trainees apprentice
	studio studios agency agencies freelancer freelancers outsourcer outsourcers vendor vendors supplier suppliers helpdesk servicedesk captain captains
	clerk clerks teacher teachers nurse nurses doctor doctors clinician clinicians pharmacist cashier accountant
	accountants auditor auditors inspector inspectors lawyer lawyers recruiter buyer buyers trader traders banker
	underwriter adjuster caseworker receptionist courier couriers dispatcher dispatchers picker packer warden
	foreman supervisor technologist administrator sysadmin dev-lead techlead partner partners integrator
	integrators reseller resellers postdoc postdocs student students researcher researchers scientist scientists
	phd professor professors lecturer lecturers assignee assignees deployer deployers custodian custodians steward stewards consultancy consultancies`)

// teamWords name a team by its trade ("typical marketing", "finance
// deleted the drive"); alone they are too often a topic to be people
// everywhere ("due to networking issues").
var teamWords = words(`marketing sales finance legal support design art community procurement engineering
	networking security product planning provisioning billing payments accounting hr it ops devops`)

// names are common first names and nicknames, lower-cased: chat writes
// "mike deployed and went to lunch". Names that are also common words
// (will, mark, grant, may) are left out.
var names = words(`aaron abby adam adrian ahmed aidan aisha alan alana albert alex alexa alexis ali alice alicia alison
	amanda amir amit amy ana andre andrea andrew andy angela anil ann anna anne anthony anton arjun arun  ashley
	ben benjamin beth bob bobby brad brandon brendan brian bruno caleb carl carla carlos carmen carol caroline casey
	cathy charles charlie chen chloe chris christina christine claire clara colin connor craig dan dana daniel danny
	darren dave david deepak denis derek diana diego dimitri dmitri doug  eddie elena eli elias elijah elizabeth
	ella ellen emily emma eric erik erin ethan eva evan fatima felix fernando fiona frank fred gabriel gary george
	gina greg hannah hans harry hassan heather helen henry hiroshi holly ian igor ivan jack jacob jake james jamie grace luca victor devon andre keith stefan derek hugo hamid noor yasmin zara brandon
	greg lucy nadia pat rosa tim kyle devin colton dustin travis trevor marcus darius malcolm terrence
	wendy heidi gloria irene agnes hazel ellie freya isla poppy amelia harriet imogen ruby-rose
	aarav vihaan arjun ishaan sai reyansh ayaan krishna priyanka ananya saanvi aadhya diya
	fatma emre burak elif zeynep mustafa oguz kerem cem hakan
	lars sven bjorn astrid ingrid sigrid nils erik henrik magnus
	pavel ivan sergei dmitri anya katya natasha yuri boris oleksandr taras olena
	chloe manon camille lea hugo louis jules theo enzo noemie
	mateus joao pedro gabriel rafael thiago bruna larissa beatriz
	kenji hiro yuki sora ren aiko haruka takumi daiki
	wei ming jun hao lei yan fang ling xiao
	olu tunde chidi emeka ngozi amara kwame kofi ama abena
	jenna brenda tara nat nadine kayla kyra rhiannon shauna
	 jane jason javier jay jeff jen jenny jeremy jess jessica jill jim jimmy joe joel john jon jonas jonathan
	jordan jose josh joshua juan julia julian julie justin kai karen karl kate katie kavya keith ken kenji kevin kev
	kim kiran kumar kyle lars laura lauren lee leo li liam lin linda lisa liz logan lucas lucy luis luke maria marco
	marcus mario marta martin mary matt matthew maya megan mei mia michael michelle miguel mike mohammed muhammad
	nadia nate nathan neha nick nico nicole nina noah nora oleg olga oliver olivia omar oscar owen pablo patrick paul
	pedro pete peter phil priya rachel rahul raj rajesh ravi rebecca ricardo  richard rick  robert roberto
	ryan sam samantha sandra sanjay sara sarah scott sean sergei shawn simon sofia sophia sophie stefan steph stephen
	steve steven sunil susan tanya ted tim timothy tom tommy tony tyler vikram vlad wei yuki yusuf zach zoe dev devi
	jess jo kat kris tobi tobias rohan ana ines lukas noor omar ravi sasha tariq yara zara viktor kelly sally molly
	shelly beverly lena jun gareth tina rita kenny rosa rui sven ola ayesha bilal chidi chinedu dara darius dmitry
	eileen emeka esther farah fei finn gemma gwen hana haruto hugo ingrid irina isaac ivy jia jiho joao jonah jorge
	kamal karim kenta kofi leila liang lola lorenzo lucia magnus malik mateo matteo mehmet mina minh moritz naomi neil
	nils nkechi olu pavel petra pierre quinn rafael ramon reza ruth sabine salma santiago shreya sina siobhan soren
	tamar tess theo thomas tomas ugo uma valentina vera wanda xin yasmin zainab zhang rhys owain dylan ewan callum
	fergus hamish niamh aoife ciaran declan sinead cerys dafydd priyanka gaurav vivek anand suresh ramesh lakshmi
	divya pooja sneha ananya aditya rohit nikhil varun akira takeshi haruki yui sakura minho jisoo wen jing hui`)

// systemWords name machines, programs, signals and the changes they run.
var systemWords = words(`it this that which service services server servers check checks healthcheck job jobs
	script scripts process processes pod pods node nodes cluster clusters host hosts container containers
	database databases db dbs query queries request requests client clients library libraries scheduler cron crontab
	daemon daemons worker workers queue queues cache caches proxy proxies balancer balancers lb api apis endpoint endpoints
	deploy deploys deployment deployments pipeline pipelines build builds migration migrations system systems app apps
	application applications tool tools tooling bot bots automation alert alerts alerting monitor monitors monitoring
	probe probes controller controllers replica replicas primary leader follower instance instances vm vms kernel disk
	disks network dns certificate certificates cert certs firewall router routers switch connection connections pool
	pools thread threads consumer consumers producer producers broker brokers runner runners agent agents sidecar
	plugin plugins module modules function functions lambda handler handlers component components backend frontend
	rollout rollouts rollback release releases patch upgrade update updates file files volume volumes backup backups
	restore failover sync replication heartbeat watchdog timer retry retries test tests suite ci linter validation
	validator webhook webhooks integration integrations pager paging pagerduty slack email emails sms dashboard
	dashboards graph metric metrics log logs logger exporter collector autoscaler hpa ingress gateway mesh envoy nginx
	kubernetes k8s terraform ansible puppet chef redis postgres postgresql mysql kafka zookeeper etcd consul vault
	elasticsearch s3 ec2 lambda cdn cloudflare github jenkins config configuration configs feature flag flags
	canary mechanism logic code change changes commit commits binary binaries image images package packages
	firmware driver drivers storage index indexes shard shards partition partitions cron-job cronjob lease leases
	lock locks token tokens key keys secret secrets password session sessions socket sockets port ports link links
	route routes rule rules policy policies setting settings limit limits threshold thresholds timeout timeouts
	payload payloads message messages event events batch batches stream streams topic topics table tables schema
	schemas column columns record records row rows transaction transactions cpu memory ram heap gc garbage
	platform platforms infrastructure infra site website page pages browser browsers device devices phone phones
	laptop laptops machine machines computer computers runtime provider upstream downstream dependency
	dependencies loop loops path paths dump dumps trace traces stacktrace stacktraces backtrace profile profiler report reports output outputs channel channels mailbox mailboxes inbox inboxes terminal terminals kiosk kiosks printer printers scanner scanners default defaults guardrail guardrails safeguard safeguards prompt prompts banner`)

// skippable words sit between a subject and its verb ("the engineer had
// then repeatedly failed to").
var skippable = words(`had has have having was were is are be been being also then again repeatedly initially
	first later still never not just simply apparently clearly unfortunately probably likely both all completely quickly
	eventually subsequently already accidentally mistakenly reportedly once twice really actually seemingly evidently
	obviously certainly definitely possibly partially partly entirely totally silently quietly consistently
	intermittently sometimes often always ultimately immediately briefly itself themselves himself herself
	must should could would even kept keeps keep keeping continued continues`)

// determiners open a noun phrase.
var determiners = words(`the a an our their his her my your its this that these those some one each every
	no any another other both all several many two three new old same`)

// systemVerbs are what machines do, or fail to do ("failed to start").
var systemVerbs = words(`start starts boot load loads connect bind resolve respond parse compile renew drain
	complete converge elect sync replicate allocate acquire apply deploy install launch spawn register reconnect
	restart recover scale read write open close flush serve process return execute run fire trigger emit send deliver
	receive fetch pull push upload download reach authenticate authorize validate match update refresh rotate expire
	release lock unlock commit persist mount unmount provision initialize initialise shut terminate stop detect
	handle catch propagate route forward backfill catch-up fail failover retry time`)

// personVerbs are what people do, or are blamed for not doing.
var personVerbs = words(`notice check follow escalate page communicate tell update notify test review
	verify realize realise consider ack acknowledge inform report document spot see read ask answer look
	investigate understand anticipate plan coordinate confirm double-check heed act react call warn take make
	prevent mention flag raise declare hand escalate involve include remember think prioritize prioritise
	follow-up recognize recognise listen pay get`)

// classify says what the token at i names.
func (l *linter) classify(i int) referent {
	// "IT" in capitals is a department, not a pronoun.
	if t := l.toks[i]; t.end-t.start == 2 && l.doc[t.start] == 'I' && l.doc[t.start+1] == 'T' {
		return personRef
	}
	w := string(l.word(l.toks[i]))
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "'")
	// An agent is a person at a desk: "the gate agent", "a support agent".
	if (w == "agent" || w == "agents") && i > 0 && l.toks[i].joined {
		switch string(l.word(l.toks[i-1])) {
		case "gate", "support", "sales", "travel", "service", "customer", "booking", "ticket", "ticketing", "field",
			"insurance", "call", "tier-1", "tier-2", "tier-3", "helpdesk", "desk", "care", "border", "station":
			return personRef
		}
	}
	// A compound names what its last part names: "teacher-admin",
	// "co-founder", "cron-runner".
	if dash := strings.LastIndexByte(w, '-'); dash > 0 && dash < len(w)-1 && !personWords()[w] && !systemWords()[w] {
		first, last := w[:strings.IndexByte(w, '-')], w[dash+1:]
		switch {
		case systemWords()[first] || systemWords()[last]:
			return systemRef // "cert-manager", "cron-runner"
		case personWords()[last] || names()[last]:
			return personRef
		}
	}
	switch {
	case personWords()[w]:
		return personRef
	case names()[w]:
		return nameRef
	case systemWords()[w]:
		return systemRef
	// A plural of a listed word; not "is" or "us" read as "i" + s.
	case len(w) > 3 && strings.HasSuffix(w, "s") && personWords()[w[:len(w)-1]]:
		return personRef
	case len(w) > 3 && strings.HasSuffix(w, "s") && systemWords()[w[:len(w)-1]]:
		return systemRef
	}
	// An acronym no list names ("the NIC", "a CDN") is a thing.
	if l.acronym(i) {
		return systemRef
	}
	// "Mr. Patel", "Dr Okafor": an honorific names a person.
	if i > 0 {
		switch string(l.word(l.toks[i-1])) {
		case "mr", "mrs", "ms", "dr", "mx":
			// "Mr Patel", "mr. patel"; not "40 ms".
			if l.capitalised(i-1) || l.toks[i-1].end < len(l.doc) && l.doc[l.toks[i-1].end] == '.' {
				return nameRef
			}
		}
	}
	if l.capitalised(i) && !determiners()[w] && !skippable()[w] && !calendarWords()[w] && !functionWords()[w] {
		// At the start of a sentence any word is capitalised: a known
		// name, or a name-like word with a possessive ("Priyanka's
		// decision"), is someone; "Checkout broke" is not.
		if !l.sentenceStart(i) || names()[w] || looksLikeName(w) && strings.HasSuffix(string(l.word(l.toks[i])), "'s") {
			return nameRef
		}
		return unknownRef
	}
	// Agent nouns and the like that no list names ("the resolver", "the
	// compactor", "the middleware") are more often programs than people.
	for _, end := range []string{"er", "or", "ers", "ors", "ware", "tion", "tions"} {
		if strings.HasSuffix(w, end) && len(w) > len(end)+2 {
			return systemRef
		}
	}
	return unknownRef
}

// looksLikeName: at the start of a sentence any word is capitalised; one
// that does not end like a plural or an abstract noun is probably a name.
func looksLikeName(w string) bool {
	for _, end := range []string{"s", "ing", "ion", "ment", "ity", "ness", "ure", "age", "ed", "ly", "ance", "ence", "ism"} {
		if strings.HasSuffix(w, end) {
			return false
		}
	}
	return len(w) > 1
}

// acronym: two or more capitals and no lower-case letter ("NIC", "TLS"),
// or a word opening with two capitals ("OPc", "SIMs", "IPv6").
func (l *linter) acronym(i int) bool {
	t := l.toks[i]
	if w := l.doc[t.start:t.end]; len(w) >= 2 && 'A' <= w[0] && w[0] <= 'Z' && 'A' <= w[1] && w[1] <= 'Z' {
		return true
	}
	caps := 0
	for _, r := range string(l.doc[t.start:t.end]) {
		switch {
		case unicode.IsLower(r):
			return false
		case unicode.IsUpper(r):
			caps++
		}
	}
	return caps >= 2
}

func (l *linter) capitalised(i int) bool {
	r, _ := utf8.DecodeRune(l.doc[l.toks[i].start:])
	return unicode.IsUpper(r)
}

// sentenceStart reports whether nothing but spaces and emphasis marks
// separate token i from the start of the text or the end of a sentence.
func (l *linter) sentenceStart(i int) bool {
	for k := l.toks[i].start - 1; k >= 0; k-- {
		switch c := l.doc[k]; {
		case c == ' ' || c == '\t' || c == '*' || c == '_' || c == '"' || c == '(' || c == '\r' || c == '[' || c == ']' || c == ')':
			continue
		case c == '.' || c == '!' || c == '?' || c == ':' || c == '\n' || c == '#' || c == '-' || c == '>' || c == '|':
			return true
		case '0' <= c && c <= '9':
			// A timestamp opening a note: "14:02 Staging broke".
			if l.timestampBefore(k) {
				return true
			}
		}
		return false
	}
	return true
}

// timestampBefore: the digits ending at byte k are a time such as 14:02
// or 14:02:07 that opens its line.
func (l *linter) timestampBefore(k int) bool {
	j := k
	for j >= 0 && ('0' <= l.doc[j] && l.doc[j] <= '9' || l.doc[j] == ':' || l.doc[j] == '.') {
		j--
	}
	if !bytes.ContainsRune(l.doc[j+1:k+1], ':') {
		return false
	}
	for ; j >= 0; j-- {
		switch c := l.doc[j]; {
		case c == ' ' || c == '\t' || c == '-' || c == '*' || c == '[' || c == ']' || c == '(' || c == ')' || c == '>':
			continue
		case c == '\n' || c == ':' || c == '.' || c == '!' || c == '?':
			return true
		case '0' <= c && c <= '9':
			return l.timestampBefore(j) // two stamps: "[14:02] 14:02"
		}
		return false
	}
	return true
}

// clauseStart is the first token of the clause holding token i, past a
// timestamp that opens a note ("14:02 Deploying without ...").
func (l *linter) clauseStart(i int) int {
	start := i
	for start > 0 && l.toks[start].joined {
		start--
	}
	for start < i && l.numeric(start) {
		start++
	}
	return start
}

// numeric: a token of digits only.
func (l *linter) numeric(k int) bool {
	for _, c := range l.word(l.toks[k]) {
		if (c < '0' || c > '9') && c != ':' && c != '.' && c != ',' {
			return false
		}
	}
	return true
}

// subjectBefore is what the noun right before the verb phrase at i names,
// looking past auxiliaries and adverbs ("the check had repeatedly failed")
// and over a coordinated verb ("the script attempted but failed").
// gerundAfterComma: a gerund clause that continues a sentence about
// someone ("Typical marketing, launching a campaign without telling
// anyone").
func (l *linter) gerundAfterComma(start int) bool {
	return start > 0 && !l.sentenceEndBefore(start) && !l.sentenceStart(start)
}

func (l *linter) subjectBefore(i int) referent {
	// "whoever did that neglected to": the clause opens with whoever.
	for k := i - 1; k >= 0 && k >= i-5 && l.toks[k+1].joined; k-- {
		if w := string(l.word(l.toks[k])); w == "whoever" || w == "whomever" {
			return personRef
		}
	}
	return l.subjectFrom(i-1, -1)
}

// parentheticalOpeners open an aside between commas that sits between a
// subject and its verb: "the support team, as usual, escalated late",
// "Mark, who was on call, slept through".
var parentheticalOpeners = words(`who which as like frankly once again yet predictably unsurprisingly naturally
	sadly somehow bluntly honestly apparently of in per typically characteristically true it bless`)

// parenthetical: the words just before k (which follows a comma) are an
// aside opened by a comma; it returns the index of the aside's first word.
func (l *linter) parenthetical(k int) (int, bool) {
	if k <= 0 || k >= len(l.toks) || l.toks[k].joined || !bytes.Contains(l.doc[l.toks[k-1].end:l.toks[k].start], []byte(",")) || l.sentenceEndBefore(k) {
		return 0, false
	}
	for m := k - 1; m >= 1 && m >= k-7; m-- {
		if !l.toks[m].joined {
			if l.sentenceEndBefore(m) || !bytes.Contains(l.doc[l.toks[m-1].end:l.toks[m].start], []byte(",")) {
				return 0, false
			}
			w := string(l.word(l.toks[m]))
			if parentheticalOpeners()[w] || isAdverb([]byte(w)) && k-m <= 2 {
				return m, true
			}
			return 0, false
		}
	}
	return 0, false
}

// subjectFrom looks for the subject from token j back; force is a token
// index whose comma does not end the search (an aside's opening comma).
func (l *linter) subjectFrom(j, force int) referent {
	for j >= 0 && (j == force || l.toks[j+1].joined) {
		w := string(l.word(l.toks[j]))
		switch {
		case skippable()[w] || isAdverb([]byte(w)) && !personWords()[w] && !names()[w] && !l.capitalised(j) || strings.HasSuffix(w, "-handedly"):
			j--
			continue
		case w == "and" || w == "but" || w == "or":
			if j == 0 || !l.toks[j].joined {
				return unknownRef
			}
			// Coordinated verbs share the clause's subject: "Neha
			// assumed the backup was recent and never verified it", "the
			// on-call acked the page and went back to bed".
			if c, _ := l.clauseSubject(j); c == personRef || c == nameRef {
				return c
			}
			if c := l.classify(j - 1); c != unknownRef {
				return c
			}
			j -= 2
			continue
		}
		c := l.classify(j)
		// "the team leader", "the shift leader": a leader of people.
		if c == systemRef && (w == "leader" || w == "leaders") && j >= 1 && l.toks[j].joined {
			if p := l.classify(j - 1); p == personRef || teamWords()[string(l.word(l.toks[j-1]))] {
				return personRef
			}
		}
		// "Security sat on the report": a team by its trade opening the
		// sentence.
		if c == unknownRef && subjectTeams()[w] && l.sentenceStart(j) {
			return personRef
		}
		// "Security operations disregarded", "the night shift missed".
		if c != personRef && groupWords()[w] && j >= 1 && l.toks[j].joined {
			if p := l.word(l.toks[j-1]); !determiners()[string(p)] && !skippable()[string(p)] && !prepositions[string(p)] {
				return personRef
			}
		}
		// A relative clause: "the engineer who made the change did not".
		if c != personRef && c != nameRef {
			for k := j - 1; k >= 1 && l.toks[k+1].joined; k-- {
				if string(l.word(l.toks[k])) == "who" && l.toks[k].joined {
					if c2 := l.classify(k - 1); c2 == personRef || c2 == nameRef {
						return c2
					}
					break
				}
			}
		}
		// Someone's work named by its maker: "an operator typo".
		if c == unknownRef && j >= 1 && l.toks[j].joined && !modals[string(l.word(l.toks[j]))] && l.classify(j-1) == personRef {
			return personRef
		}
		// A thing named by its system: "the retry loop", "the write path".
		if c == unknownRef && j >= 1 && l.toks[j].joined && l.classify(j-1) == systemRef {
			switch string(l.word(l.toks[j-1])) {
			case "it", "this", "that", "which":
			default:
				return systemRef
			}
		}
		// Someone's work: "the engineer's change", "Amy's script",
		// "Sarah's quick fix".
		for back := 1; back <= 2 && j >= back && l.toks[j-back+1].joined; back++ {
			if p := string(l.word(l.toks[j-back])); strings.HasSuffix(p, "'s") || strings.HasSuffix(p, "s'") {
				if c2 := l.classify(j - back); c2 == personRef || c2 == nameRef {
					return c2
				}
				break
			}
		}
		// A head after a preposition may be a post-modifier: "the
		// engineer on call", "the SRE on rotation", "someone from ops".
		if c != personRef && c != nameRef && j >= 2 && l.toks[j].joined && l.toks[j-1].joined && prepositions[string(l.word(l.toks[j-1]))] {
			if c2 := l.classify(j - 2); c2 == personRef || c2 == nameRef {
				return c2
			}
		}
		return c
	}
	if force < 0 && j >= 0 {
		if m, ok := l.parenthetical(j + 1); ok {
			return l.subjectFrom(m-1, m-1)
		}
	}
	return unknownRef
}

var prepositions = map[string]bool{"on": true, "in": true, "at": true, "from": true, "of": true, "for": true, "with": true}

// agentAfter is what a passive's "by ..." names, within the clause.
func (l *linter) agentAfter(k int) referent {
	for ; k < len(l.toks) && k > 0 && l.toks[k].joined; k++ {
		if string(l.word(l.toks[k])) != "by" {
			continue
		}
		// "messed up by merging early": "by" and a gerund is the means,
		// not the agent.
		if w := l.verbAfter(k + 1); strings.HasSuffix(w, "ing") && !personWords()[w] && !subjectTeams()[w] {
			return unknownRef
		}
		return l.nounAfter(k + 1)
	}
	return unknownRef
}

// nounAfter classifies the noun phrase starting at k: its first word that
// says something, past determiners and a few adjectives.
func (l *linter) nounAfter(k int) referent {
	ref, _ := l.nounAt(k)
	return ref
}

// nounAt is nounAfter with the index of the word that said it.
func (l *linter) nounAt(k int) (referent, int) {
	for n := 0; k < len(l.toks) && l.toks[k].joined && n < 4; k, n = k+1, n+1 {
		w := string(l.word(l.toks[k]))
		if determiners()[w] || w == "of" {
			continue
		}
		if c := l.classify(k); c != unknownRef {
			// Someone's thing names the thing: "the vendor's status page",
			// "Sam's script".
			if c == personRef || c == nameRef {
				if w := string(l.word(l.toks[k])); strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "s'") {
					for m := k + 1; m < len(l.toks) && m <= k+3 && l.toks[m].joined; m++ {
						if c2 := l.classify(m); c2 == systemRef {
							return c2, m
						} else if c2 != unknownRef {
							break
						}
					}
				}
			}
			// A compound naming a person: "the release manager", "the
			// database team", "the release engineering group".
			if c == systemRef {
				if at, ok := l.compoundPerson(k); ok {
					return personRef, at
				}
			}
			return c, k
		}
		// "security operations", "the platform group": a group of
		// people named by what it does.
		if at, ok := l.compoundPerson(k); ok {
			return personRef, at
		}
	}
	return unknownRef, k
}

// groupWords head a compound naming a group of people ("the release
// engineering group", "security operations"); alone they are too often
// something else ("a group of requests", "concurrent operations").
var groupWords = words(`group groups org orgs operations shift shifts desk function guild chapter tribe pod office offices`)

// compoundPerson: the noun at k opens a compound whose head, within three
// words, names people ("the database team", "the release engineering
// group"); it returns the head's index.
func (l *linter) compoundPerson(k int) (int, bool) {
	for m := k + 1; m < len(l.toks) && m <= k+3 && l.toks[m].joined; m++ {
		w := string(l.word(l.toks[m]))
		// "the default security group" is a firewall.
		if (w == "group" || w == "groups") && string(l.word(l.toks[m-1])) == "security" {
			return 0, false
		}
		if l.classify(m) == personRef || groupWords()[w] {
			return m, true
		}
		if skippable()[w] || determiners()[w] || modals[w] || prepositions[w] || strings.HasSuffix(w, "ed") ||
			strings.HasSuffix(w, "'s") {
			return 0, false
		}
		if c := l.classify(m); c == nameRef || c == unknownRef && !strings.HasSuffix(w, "ing") && !l.modifier(m) {
			return 0, false
		}
	}
	return 0, false
}

// modifier: a word that can sit inside a compound noun ("change advisory
// board"), not a verb or an auxiliary ("the alert paged engineers").
func (l *linter) modifier(k int) bool {
	w := string(l.word(l.toks[k]))
	if skippable()[w] || determiners()[w] || modals[w] || prepositions[w] {
		return false
	}
	for _, end := range []string{"ed", "ing", "s"} {
		if strings.HasSuffix(w, end) {
			return false
		}
	}
	return l.classify(k) == unknownRef
}

// clauseSubject is what the start of the clause holding token i names.
func (l *linter) clauseSubject(i int) (ref referent, passive bool) {
	start := l.clauseStart(i)
	for k := start; k < i; k++ {
		switch string(l.word(l.toks[k])) {
		case "was", "were", "been", "being", "got", "gets", "get":
			passive = true
		}
	}
	// "Product pushed the launch through", "Support closed the tickets":
	// a team named by its trade opens the clause.
	if start < i && subjectTeams()[string(l.word(l.toks[start]))] && l.sentenceStart(start) {
		return personRef, passive
	}
	for k, n := start, 0; k < i && n < 4; k++ {
		w := string(l.word(l.toks[k]))
		if determiners()[w] || skippable()[w] {
			continue
		}
		n++
		if c := l.classify(k); c != unknownRef {
			if c == systemRef {
				if c2, at := l.nounAt(k); c2 == personRef && at < i {
					return c2, passive
				}
			}
			return c, passive
		}
		if strings.HasSuffix(w, "ed") {
			break // the verb: the subject was not recognised
		}
	}
	return unknownRef, passive
}

// verbAfter is the word after the phrase, when it is in the same clause.
func (l *linter) verbAfter(k int) string {
	if k < len(l.toks) && l.toks[k].joined {
		return string(l.word(l.toks[k]))
	}
	return ""
}

// hindsightAboutPeople: "should have", "could have prevented", unless a
// system is their subject or, in the passive, their agent.
func hindsightAboutPeople(l *linter, i, n int) bool {
	if a := l.agentAfter(i + n); a != unknownRef {
		return a != systemRef
	}
	// "That should have been caught in review": a passive with no agent,
	// about "it" or "that", means someone should have.
	if j := i + n; j < len(l.toks) && l.toks[j].joined && string(l.word(l.toks[j])) == "been" && i > 0 && l.toks[i].joined {
		switch string(l.word(l.toks[i-1])) {
		case "it", "that", "this", "which":
			return true
		}
	}
	return l.subjectBefore(i) != systemRef
}

// personFailed: "failed to" by a person, or by someone unnamed at doing
// what people do.
func personFailed(l *linter, i, n int) bool {
	verb := l.verbAfter(i + n)
	switch l.subjectBefore(i) {
	case personRef:
		return true
	case systemRef:
		return false
	case nameRef:
		return !systemVerbs()[verb]
	}
	return personVerbs()[verb]
}

// notSystemSubject: the phrase's subject is not a system; in the
// passive ("the alert was ignored"), someone did it unless a system is
// its agent.
func notSystemSubject(l *linter, i, n int) bool {
	if a := l.agentAfter(i + n); a != unknownRef {
		return a != systemRef
	}
	if l.passiveAt(i) {
		return true
	}
	return l.subjectBefore(i) != systemRef
}

// passiveAt: the participle at i follows a form of "be" or "get".
func (l *linter) passiveAt(i int) bool {
	for k := i - 1; k >= 0 && l.toks[k+1].joined; k-- {
		w := l.word(l.toks[k])
		switch string(w) {
		case "was", "were", "been", "being", "is", "are", "be", "get", "got", "gets", "getting":
			return true
		}
		if !isAdverb(w) && string(w) != "not" && string(w) != "never" {
			return false
		}
	}
	return false
}

// nextPersonVerb: the word after the phrase is something people do
// ("failure to escalate").
func nextPersonVerb(l *linter, i, n int) bool { return personVerbs()[l.verbAfter(i+n)] }

func personSubject(l *linter, i, n int) bool {
	c := l.subjectBefore(i)
	return c == personRef || c == nameRef
}

func personNext(l *linter, i, n int) bool {
	c := l.nounAfter(i + n)
	return c == personRef || c == nameRef
}

// clauseAboutPeople: "without testing it" in a clause whose subject is a
// person, or no one named (a fragment, a passive); not a program's.
func clauseAboutPeople(l *linter, i, n int) bool {
	start := l.clauseStart(i)
	// A clause that opens with a gerund speaks of an activity ("deploying
	// without waiting for CI was possible because ..."), not of someone.
	if w := l.word(l.toks[start]); start < i && len(w) > 5 && string(w[len(w)-3:]) == "ing" && !l.gerundAfterComma(start) && !subjectTeams()[string(w)] {
		return false
	}
	c, passive := l.clauseSubject(i)
	return passive || c != systemRef
}

// pastPerfectCounterfactual: "if we had ...", "if the engineer had ...",
// or a clause opening "Had anyone looked ...".
func pastPerfectCounterfactual(l *linter, i, n int) bool {
	first := string(l.word(l.toks[i]))
	if first == "had" {
		if l.clauseStart(i) != i {
			return false
		}
		return l.responderAfter(i+1) || l.beenByPerson(i+1)
	}
	// "if" + a person within three words + "had".
	for k := i + 1; k < len(l.toks) && k <= i+4 && l.toks[k].joined; k++ {
		w := string(l.word(l.toks[k]))
		if w == "had" || w == "hadn't" {
			if l.responderAfter(i + 1) {
				return true
			}
			// "if ana had paged us": someone the lint cannot name did
			// what people do, unless a system is the subject.
			c, _ := l.clauseSubject(k)
			return personParticiples()[l.verbAfter(k+1)] && c != systemRef
		}
		// "if we'd rolled back": the contraction holds the person.
		// "If they'd like to" is "would": the verb after says which.
		if k == i+1 && strings.HasSuffix(w, "'d") && personWords()[strings.TrimSuffix(w, "'d")] {
			v := l.verbAfter(k + 1)
			return strings.HasSuffix(v, "ed") || personParticiples()[v]
		}
	}
	return false
}

// responderAfter: the noun phrase at k names someone on the team. What a
// customer might have done ("if the user had enrolled a security key")
// explains a protection rather than judging a responder.
func (l *linter) responderAfter(k int) bool {
	for n := 0; k < len(l.toks) && l.toks[k].joined && n < 4; k, n = k+1, n+1 {
		w := string(l.word(l.toks[k]))
		if determiners()[w] {
			continue
		}
		switch singular(w) {
		case "user", "customer":
			return false
		}
		c := l.classify(k)
		if c == systemRef {
			// "had the platform team followed": a compound naming people.
			c, _ = l.nounAt(k)
		}
		return c == personRef || c == nameRef
	}
	return false
}

// possessedByPerson: "the engineer's mistake", "Sam's error".
func possessedByPerson(l *linter, i, n int) bool {
	if i == 0 || !l.toks[i].joined {
		return false
	}
	w := string(l.word(l.toks[i-1]))
	if !strings.HasSuffix(w, "'s") && !strings.HasSuffix(w, "s'") {
		return false
	}
	c := l.classify(i - 1)
	return c == personRef || c == nameRef
}

// heldAccountable: "hold the release manager accountable".
func heldAccountable(l *linter, i, n int) bool {
	for k := i; k > 0 && k > i-5 && l.toks[k].joined; k-- {
		switch string(l.word(l.toks[k-1])) {
		case "hold", "held", "holds", "holding":
			return true
		}
	}
	return false
}

// rulesAhead: "violated the change policy", "disregarded our deploy checklist".
func rulesAhead(l *linter, i, n int) bool {
	for k := i + n; k < len(l.toks) && k < i+n+4 && l.toks[k].joined; k++ {
		switch singular(string(l.word(l.toks[k]))) {
		case "procedure", "process", "runbook", "policy", "policie", "playbook", "rule", "checklist", "guideline", "standard", "protocol", "sop":
			return true
		}
	}
	return false
}

// words makes a lexicon on first use: building maps at start-up would cost
// every sitrep command, and only reviews and the lint read them.
func words(list string) func() map[string]bool {
	return sync.OnceValue(func() map[string]bool { return setOf(strings.Fields(list)) })
}

// clauseOfPerson: the clause's subject is a person ("the engineer ...
// restarted the wrong cluster"), not a system ("traffic went to the wrong
// region").
func clauseOfPerson(l *linter, i, n int) bool {
	c, _ := l.clauseSubject(i)
	return c == personRef || c == nameRef
}

// personInvolved: a person is the subject or the passive's agent ("was
// incorrectly set by the admin").
func personInvolved(l *linter, i, n int) bool {
	a := l.agentAfter(i + n)
	s := l.subjectBefore(i)
	return a == personRef || a == nameRef || s == personRef || s == nameRef
}

// notTakenSeriously: "nobody took the warnings seriously", "did not take
// it seriously".
func notTakenSeriously(l *linter, i, n int) bool {
	took, negated := false, false
	for k := i; k > 0 && k > i-10 && l.toks[k].joined; k-- {
		switch w := string(l.word(l.toks[k-1])); w {
		case "take", "took", "taken", "taking", "takes":
			took = true
		case "not", "never", "nobody", "no", "didn't", "don't", "doesn't", "wasn't", "weren't", "noone":
			negated = true
		default:
			if strings.HasSuffix(w, "n't") {
				negated = true
			}
		}
	}
	return took && negated
}

// rulesNotFollowed: "had not followed the escalation policy", "never
// follows the runbook".
func rulesNotFollowed(l *linter, i, n int) bool {
	negated := false
	for k := i; k > 0 && k > i-4 && l.toks[k].joined; k-- {
		switch w := string(l.word(l.toks[k-1])); w {
		case "not", "never", "failed", "failure", "to":
			negated = negated || w != "to"
		default:
			if strings.HasSuffix(w, "n't") {
				negated = true
			}
		}
	}
	return negated && rulesAhead(l, i, n)
}

// downAheadByPerson: "brought the site down", "took the API out", with a
// person (or their work) as the subject.
func downAheadByPerson(l *linter, i, n int) bool {
	for k := i + n; k < len(l.toks) && k <= i+n+3 && l.toks[k].joined; k++ {
		switch string(l.word(l.toks[k])) {
		case "down", "out", "offline":
			return personSubject(l, i, n)
		}
	}
	return false
}

var modals = map[string]bool{"might": true, "may": true, "must": true, "can": true, "could": true, "would": true,
	"should": true, "will": true, "shall": true, "do": true, "does": true, "did": true, "to": true}

// letItSlip: "let the disk fill up", "let the certificate expire", by a
// person.
func letItSlip(l *linter, i, n int) bool {
	for k := i + n; k < len(l.toks) && k <= i+n+4 && l.toks[k].joined; k++ {
		switch string(l.word(l.toks[k])) {
		case "fill", "run", "expire", "lapse", "rot", "slip", "drift", "grow", "die", "happen", "go", "sit", "linger", "pile":
			return personSubject(l, i, n)
		}
	}
	return false
}

// madeWorse: "Olivia deployed on top of it, making it worse": the clause's
// subject, or the one before the comma's.
func madeWorse(l *linter, i, n int) bool {
	c, _ := l.clauseSubject(i)
	if c == unknownRef && i > 0 && !l.toks[i].joined {
		c, _ = l.clauseSubject(i - 1)
	}
	return c == personRef || c == nameRef
}

// consequenceAboutPeople: "none of this would have happened", "it could
// have been avoided": the incident as a pronoun is the subject of a
// counterfactual about what people did; a system as subject ("the
// failover would not have happened") is not.
func consequenceAboutPeople(l *linter, i, n int) bool {
	if j := i - 1; j >= 0 && l.toks[i].joined {
		switch string(l.word(l.toks[j])) {
		case "it", "this", "that", "which":
			return true
		}
	}
	return notSystemSubject(l, i, n)
}

// notSystemActor: a minimiser ("simply", "just") about what people did,
// not about what a program does ("the retry loop simply amplified the
// load"); "it was simply a matter of" still speaks of the work.
func notSystemActor(l *linter, i, n int) bool {
	if l.subjectBefore(i) != systemRef {
		return true
	}
	switch string(l.word(l.toks[i-1])) {
	case "it", "this", "that", "which", "it's", "that's":
		return true
	}
	return false
}

// personActsBefore: a person acts within the few words before the phrase
// ("one person pressing the wrong button", "the engineer restarted the
// wrong cluster"), not a system ("traffic went to the wrong region").
func personActsBefore(l *linter, i, n int) bool {
	if clauseOfPerson(l, i, n) && !l.possessiveSubject(i) {
		return true
	}
	for k := i - 1; k >= 0 && k >= i-3 && l.toks[k+1].joined; k-- {
		if c := l.classify(k); c == personRef || c == nameRef {
			return k < i-1 // a verb sits between them
		}
	}
	return false
}

// personNextNotPossessive: "due to the on-call engineer", "because of
// Sam": a person as the cause. "Because of Sam's quick rollback" credits
// the person's work and is left to the words that follow.
func personNextNotPossessive(l *linter, i, n int) bool {
	ref, at := l.nounAt(i + n)
	if ref != personRef && ref != nameRef {
		return false
	}
	w := string(l.word(l.toks[at]))
	switch singular(w) {
	// A pronoun points back at whoever the text spoke of (often another
	// organisation), and users or customers are not the responders.
	case "them", "him", "her", "u", "me", "you", "they", "it", "user", "customer":
		return false
	}
	// A thing of the person's: "the on-call rotation", "the SRE channel".
	// "It's on Priya to decide" hands over a task rather than blames.
	if at+1 < len(l.toks) && l.toks[at+1].joined {
		if l.classify(at+1) == systemRef {
			return false
		}
		switch string(l.word(l.toks[at+1])) {
		case "rotation", "schedule", "calendar", "list", "channel", "doc", "docs", "roster", "wiki", "handbook",
			"queue", "backlog", "agenda", "roadmap", "plate", "to":
			return false
		}
	}
	return !strings.HasSuffix(w, "'s") && !strings.HasSuffix(w, "s'")
}

// oneOrPersonNext: "comes down to one person", "boils down to the intern".
func oneOrPersonNext(l *linter, i, n int) bool {
	if j := i + n; j < len(l.toks) && l.toks[j].joined {
		switch string(l.word(l.toks[j])) {
		case "one", "a", "single", "human", "someone", "somebody":
			if j+1 < len(l.toks) && l.toks[j+1].joined {
				if w := string(l.word(l.toks[j+1])); w == "of" || w == "thing" || w == "things" || w == "factor" {
					return false
				}
			}
			return true
		}
	}
	return personNextNotPossessive(l, i, n)
}

// passiveNoSystemAgent: "the page was missed", "the warning was
// overlooked for a week": someone missed it, unless a system did ("was
// missed by the deduplication rule").
func passiveNoSystemAgent(l *linter, i, n int) bool {
	// "the re-enable step was missed in the plan": a gap in a document.
	if w := l.verbAfter(i + n); w == "in" || w == "from" || w == "out" {
		for k := i + n + 1; k < len(l.toks) && k <= i+n+3 && l.toks[k].joined; k++ {
			switch singular(string(l.word(l.toks[k]))) {
			case "plan", "checklist", "runbook", "doc", "document", "template", "list", "spec", "design", "ticket", "script", "playbook":
				return false
			}
		}
	}
	return l.passiveAt(i) && l.agentAfter(i+n) != systemRef
}

// noAgentOrPerson: "the alert should have been escalated", "mistakes
// were made" speak of people unless a system is the passive's agent.
func noAgentOrPerson(l *linter, i, n int) bool {
	return l.agentAfter(i+n) != systemRef
}

// personParticiples are what people did, after "had" ("if ana had paged").
var personParticiples = words(`checked tested verified read reviewed followed escalated paged noticed looked
	waited asked listened called rolled acted responded reacted acknowledged acked caught spotted seen known
	realised realized thought bothered communicated told informed double-checked paid taken stopped paused
	drained heeded investigated monitored warned done planned scheduled`)

// beenByPerson: "had proper care been taken by the release team": a
// passive counterfactual whose agent is a person.
func (l *linter) beenByPerson(k int) bool {
	for n := 0; k < len(l.toks) && l.toks[k].joined && n < 5; k, n = k+1, n+1 {
		if string(l.word(l.toks[k])) == "been" {
			a := l.agentAfter(k + 1)
			return a == personRef || a == nameRef
		}
	}
	return false
}

// notSystemClause: the clause's subject is not a system ("the latency
// fell below the expected bar" speaks of a measurement).
func notSystemClause(l *linter, i, n int) bool {
	c, _ := l.clauseSubject(i)
	return c != systemRef
}

// warnedByNoSystem: "the team was warned" blames unless a system warned
// them ("was warned by the vendor's status page").
func warnedByNoSystem(l *linter, i, n int) bool {
	return personSubject(l, i, n) && l.agentAfter(i+n) != systemRef
}

// allBefore: "all anyone had to do was", "all Sam needed to do is".
func allBefore(l *linter, i, n int) bool {
	for k := i - 1; k >= 0 && k >= i-4 && l.toks[k+1].joined; k-- {
		if w := string(l.word(l.toks[k])); w == "all" || w == "only" {
			return true
		}
	}
	return false
}

// personSubjectOrClause: a person is the subject of the verb before the
// phrase or of its clause ("juniors are allowed to deploy unsupervised").
func personSubjectOrClause(l *linter, i, n int) bool {
	return personSubject(l, i, n) || clauseOfPerson(l, i, n)
}

// blameLiesWithPerson: "responsibility for the outage lies with the
// deployment engineer"; "the decision lies with the IC" gives authority,
// not blame.
func blameLiesWithPerson(l *linter, i, n int) bool {
	ref, _ := l.nounAt(i + n)
	if ref != personRef && ref != nameRef {
		return false
	}
	for k := i - 1; k >= 0 && k >= i-8 && l.toks[k+1].joined; k-- {
		switch string(l.word(l.toks[k])) {
		case "blame", "fault", "culpability", "liability", "failure", "failures", "mistake", "error":
			return true
		case "responsibility", "accountability":
			// "responsibility for the data loss lies with": blame;
			// "responsibility for change approval lies with the CAB,
			// per policy": a duty.
			for m := k + 1; m < i; m++ {
				switch w := string(l.word(l.toks[m])); singular(w) {
				case "outage", "incident", "loss", "breach", "failure", "downtime", "mess", "damage", "disruption", "error", "mistake":
					return true
				}
			}
			return false
		}
	}
	return false
}

// possessiveSubject: the clause holding i opens with someone's thing
// ("someone's rm ran in the wrong dir"): the thing acts, not the person.
func (l *linter) possessiveSubject(i int) bool {
	start := l.clauseStart(i)
	for k := start; k < i && k < start+4; k++ {
		w := string(l.word(l.toks[k]))
		if determiners()[w] || skippable()[w] {
			continue
		}
		return strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "s'")
	}
	return false
}

// personHeadBefore: "the engineer responsible", "the employee in
// question": a person singled out by the noun before the phrase.
func personHeadBefore(l *linter, i, n int) bool {
	if i == 0 || !l.toks[i].joined {
		return false
	}
	return l.classify(i-1) == personRef
}

// nobodyDoesTheirPart: "nobody on infra reads the capacity reports",
// "no one from the team checked": nobody doing what people are expected
// to do, within a few words. "Nobody was paged" is not judged.
func nobodyDoesTheirPart(l *linter, i, n int) bool {
	if !unexplained(l, i, n) {
		return false
	}
	// A relative clause describes a thing: "a channel that nobody on
	// the rotation watched", "a mailbox nobody monitored".
	if i > 0 && l.toks[i].joined {
		if w := string(l.word(l.toks[i-1])); w == "which" || w == "that" && l.relativeThat(i-1) || l.classify(i-1) == systemRef {
			return false
		}
		// "a mailbox nobody monitored": a noun right after a determiner.
		if i > 1 && l.toks[i-1].joined && determiners()[string(l.word(l.toks[i-2]))] && l.classify(i-1) != personRef {
			return false
		}
	}
	for k := i + n; k < len(l.toks) && k < i+n+7 && l.toks[k].joined; k++ {
		w := string(l.word(l.toks[k]))
		switch w {
		case "was", "were", "is", "had", "has", "knew", "saw", "could", "can", "would":
			return false
		case "reads", "checks", "tests", "reviews", "looks", "cares", "bothers", "listens", "follows", "updates",
			"checked", "tested", "reviewed", "read", "looked", "cared", "bothered", "listened", "followed", "verified",
			"questioned", "thought", "noticed", "owned", "fixed", "responded", "acted", "escalated", "monitored",
			"watched", "acknowledged", "answered", "owns", "fixes", "watches", "monitors", "responds", "prepared", "planned",
			"caught", "spotted", "flagged", "raised", "reported", "double-checked", "showed", "turned", "joined", "helped", "came",
			"glanced", "opened", "tried":
			return true
		}
	}
	return false
}

// classicMove: "classic tom move", "a classic rookie mistake".
func classicMove(l *linter, i, n int) bool {
	for k := i + n; k < len(l.toks) && k <= i+n+1 && l.toks[k].joined; k++ {
		switch string(l.word(l.toks[k])) {
		case "move", "mistake", "blunder", "error", "screwup", "screw-up":
			return true
		}
	}
	return personNext(l, i, n)
}

// badEventBecausePerson: "the outage happened because our engineer
// entered an incorrect parameter": the bad event put down to a person.
// "The rollback happened because Sam noticed the graph" is not judged.
func badEventBecausePerson(l *linter, i, n int) bool {
	if ref := l.nounAfter(i + n); ref != personRef && ref != nameRef {
		return false
	}
	event, verb := false, false
	for k := i - 1; k >= 0 && k >= i-6 && l.toks[k+1].joined; k-- {
		switch string(l.word(l.toks[k])) {
		case "wrecked", "trashed", "hosed", "nuked", "destroyed", "killed", "corrupted", "borked", "tanked", "crashed", "died":
			return true // "billing got wrecked because someone hardcoded"
		}
		switch singular(string(l.word(l.toks[k]))) {
		case "outage", "incident", "failure", "breakage", "downtime", "crash", "problem", "issue", "disruption", "degradation",
			"detection", "recovery", "response", "impact", "resolution", "mitigation", "rollback":
			event = true
		case "happened", "occurred", "started", "began", "broke", "failed", "went", "wa", "were", "arose", "got",
			"delayed", "extended", "prolonged", "slowed", "stalled", "worse", "lasted":
			verb = true
		}
	}
	return event && verb
}

// clauseOrMakerIsPerson: "untested" work whose clause is a person's, or
// whose maker follows ("untested hotfixes from the payments team").
func clauseOrMakerIsPerson(l *linter, i, n int) bool {
	if clauseOfPerson(l, i, n) {
		return true
	}
	for k := i + n; k < len(l.toks) && k < i+n+3 && l.toks[k].joined; k++ {
		if w := string(l.word(l.toks[k])); w == "from" || w == "by" {
			c := l.nounAfter(k + 1)
			return c == personRef || c == nameRef
		}
	}
	return false
}

// relativeThat: "that" at k opens a relative clause about a thing ("a
// channel that nobody watched"), not a complement ("it beggars belief
// that nobody spotted this").
func (l *linter) relativeThat(k int) bool {
	if k == 0 || !l.toks[k].joined {
		return false
	}
	if l.classify(k-1) == systemRef {
		return true
	}
	return k >= 2 && l.toks[k-1].joined && determiners()[string(l.word(l.toks[k-2]))]
}

// personSubjectUnexplained: "Tom skipped the staging step", but not
// "the DBA skipped the vacuum because it would have locked the table":
// the sentence saying why it made sense is the blameless account.
func personSubjectUnexplained(l *linter, i, n int) bool {
	return personSubject(l, i, n) && unexplained(l, i, n)
}

// unexplained: no reason follows in the sentence ("nobody checked the
// cert because no alert existed for it" explains).
func unexplained(l *linter, i, n int) bool {
	for k := i + n; k < len(l.toks) && k < i+n+12; k++ {
		if !l.toks[k].joined && l.sentenceEndBefore(k) {
			// "...; branch protection was not enabled on that repository":
			// the next clause names the missing guard.
			if l.semicolonBefore(k) && l.guardOffFrom(k) {
				return false
			}
			break
		}
		switch string(l.word(l.toks[k])) {
		case "because", "since", "per", "following", "according", "as", "so", "under", "allow", "allows", "allowed", "permitted", "permits", "based", "given":
			// "under no real pressure" gives no reason.
			if w := string(l.word(l.toks[k])); w == "under" && l.verbAfter(k+1) == "no" {
				continue
			}
			return false
		case "to":
			// A purpose: "to stop the corruption spreading".
			switch l.verbAfter(k + 1) {
			case "stop", "avoid", "prevent", "protect", "contain", "limit", "reduce", "keep", "restore", "recover", "unblock", "free", "drain", "mitigate",
				"fix", "verify", "confirm", "allow":
				return false
			}
		}
	}
	return true
}

// sentenceEndBefore: a full stop, question or exclamation mark between
// token k and the one before it.
func (l *linter) sentenceEndBefore(k int) bool {
	for b := l.toks[k].start - 1; k > 0 && b >= l.toks[k-1].end; b-- {
		switch l.doc[b] {
		case '.':
			if !l.honorific(k - 1) {
				return true
			}
		case '!', '?', ';', '\n':
			return true
		}
	}
	return false
}

// honorific: "Mr", "Dr" and the like, whose full stop ends no sentence.
func (l *linter) honorific(k int) bool {
	switch string(l.word(l.toks[k])) {
	case "mr", "mrs", "ms", "dr", "mx", "st", "prof":
		return true
	}
	return false
}

// ideaOfPerson: "someone's bright idea", "whose brilliant idea was it".
func ideaOfPerson(l *linter, i, n int) bool {
	if possessedByPerson(l, i, n) {
		return true
	}
	if i > 0 && l.toks[i].joined {
		switch string(l.word(l.toks[i-1])) {
		case "whose", "his", "her", "their", "your":
			return true
		}
	}
	return false
}

// personThenWould: "a seasoned engineer would never have", "any good
// operator wouldn't".
func personThenWould(l *linter, i, n int) bool {
	ref, at := l.nounAt(i + n)
	if ref != personRef || at != i+n {
		return false
	}
	if k := at + 1; k < len(l.toks) && l.toks[k].joined {
		switch string(l.word(l.toks[k])) {
		case "would", "wouldn't", "could", "couldn't", "should", "never", "would've", "could've", "should've", "knows", "know":
			return true
		}
	}
	return false
}

// functionWords open sentences capitalised but name no one.
var functionWords = words(`how what why who when where which whose whom did does do is was were are am can will
	has have had if so but and or nor yet after before during while once since because although though unless until
	yes no not none most many few please thanks thank also however meanwhile later next finally today yesterday
	tomorrow tonight per via at in on by for from with without to into onto over under about between among as than
	there here let lets maybe perhaps otherwise instead overall meanwhile update note fyi psa re action lesson
	question answer summary timeline impact detection resolution`)

// subjectTeams open a sentence as a team ("Support closed the tickets").
var subjectTeams = words(`product marketing sales finance legal support design security engineering procurement
	hr ops devops qa leadership management planning provisioning operations compliance`)

// calendarWords are capitalised but name no one.
var calendarWords = words(`monday tuesday wednesday thursday friday saturday sunday january february march
	april may june july august september october november december q1 q2 q3 q4 utc gmt`)

// singular drops a plural's s, but not the s of "process" or "loss".
func singular(w string) string {
	if strings.HasSuffix(w, "ss") {
		return w
	}
	return strings.TrimSuffix(w, "s")
}

// semicolonBefore: a semicolon between token k and the one before it.
func (l *linter) semicolonBefore(k int) bool {
	return k > 0 && bytes.IndexByte(l.doc[l.toks[k-1].end:l.toks[k].start], ';') >= 0
}

// guardOffFrom: the clause from token k says a guard was off ("branch
// protection was not enabled", "nothing required review").
func (l *linter) guardOffFrom(k int) bool {
	for m := k; m < len(l.toks) && m < k+10; m++ {
		if m > k && !l.toks[m].joined && l.sentenceEndBefore(m) {
			return false
		}
		switch string(l.word(l.toks[m])) {
		case "enabled", "configured", "enforced", "required", "set", "turned":
			if p := string(l.word(l.toks[m-1])); p == "not" || p == "never" || p == "wasn't" || p == "weren't" || p == "isn't" {
				return true
			}
		case "allowed", "permitted", "allows", "permits":
			return true
		}
	}
	return false
}
