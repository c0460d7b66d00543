"""The phrases the risk check looks for, grouped by what they say (see consultations.urgency).

Review them with the clinical lead when they change.
"""

# Patterns are written for the normalised text: lower case, no accents, one space between words,
# and "'" wherever people may type an apostrophe, leave it out or type a space instead.

# "suicide" and its misspellings: sucide, suicde, suiside, siucide, su1cide, s*icide.
_SUICID = r"s(?:ui|iu|u|u[1!*]|\*i)[cs]{1,2}[i1!*]?d"
SUICIDAL = _SUICID + r"(?:al|ale|ial|ally|ality|le|aire|aires)"
SUICIDE = _SUICID + r"(?:e|es|ed|er|ee|ing)?"
# An attempt, in words that don't say when.
ATTEMPT = (
    rf"(?:attempted|attempting|attempts?|tried|try) (?:to )?(?:commit )?{SUICIDE}"
    rf"|{SUICIDE} attempts?|attempt on my (?:own )?life|overdosed|(?:i|took an?|had an?) overdose"
    r"|tried to (?:kill|hang|drown|poison|hurt) myself|tried to end (?:my life|it all)"
    r"|tentatives? de suicide|(?:tente|essaye) de (?:me suicider|me tuer|mettre fin a mes jours)"
    r"|fait une (?:tentative|surdose)"
)
RECENTLY = (
    r"yesterday|last (?:night|week|weekend|month)|this (?:morning|week|weekend|month)|today"
    r"|tonight|recently|lately|again|still|every day|these days|currently"
    r"|(?:\d+|a few|a couple of|two|three) (?:days|weeks) ago"
    r"|hier|recemment|encore|cette semaine|ce matin|la semaine derniere"
    r"|il y a (?:\d+|quelques|deux|trois) (?:jours|semaines)"
)
PILLS = r"pills|meds|medications?|medicine|tablets|painkillers|pain killers|opioids|insulin"
PILULES = r"pilules|medicaments|comprimes|cachets|somniferes|antidouleurs"
# "en finir" is urgent, unless what it is done with is named and is not life itself: "je veux
# en finir avec les rendez-vous annulés" is not ("en finir" alone stays POSSIBLE below).
EN_FINIR = (
    r"en finir(?! avec (?!la vie|ma vie|tout|moi|mes jours|ce monde|l'existence|mon existence"
    r"|cette vie))"
)
# "go on" is urgent in "I don't want to go on", not in "I don't want to go on another SSRI".
GO_ON = (
    r"(?:go on|going on|keep going|carry on|carrying on|continue)"
    r"(?= like this| any ?more| any longer| much longer| living|\s*(?:$|[.!?;,\n]))"
)

URGENT_PATTERNS = [
    # Suicidal thoughts or intent.
    SUICIDAL,
    rf"(?:think|thinks|thought|thoughts|thinking|consider\w*|contemplat\w*|plan|plans|planned"
    rf"|planning|obsess\w*|fantasi[sz]\w*|urges?|tempted|want|wants|wanted|wanting|ready|decided"
    rf"|intend\w*) (?:about |abt |bout |of |on |to |by )?(?:committing |commit |attempting "
    rf"|attempt )?{SUICIDE}",
    rf"(?<!tried to\s)(?<!attempted to\s)commit(?:ting)? {SUICIDE}|{SUICIDE} (?:plans?|note|letter"
    rf"|methods?|pact|thoughts?|ideation|ideas?|urges?)",
    r"(?<!tried to\s)(?<!attempted to\s)kill(?:ing|ed)? my ?self",
    r"(?<!tried to\s)(?:end|ending|take|taking) my (?:own )?life(?! savings| back)"
    r"|end(?:ing)? it all",
    r"(?:want|wanna|going|gonna|ready|plan\w*|decided|tempted|about|think\w* about|thought about"
    r"|should|could|courage|nerve|way) (?:just )?(?:to )?end(?:ing)? (?:it|things|everything)",
    r"unaliv\w*|slit(?:ting)? my wrists?|(?:hang|hanging|shoot|shooting|drown|drowning|poison"
    r"|poisoning|gas|gassing) my ?self",
    r"(?:jump\w*|throw\w* myself) (?:off|from|in front of) (?:a |the |my )?(?:bridge|building|roof"
    r"|balcony|cliff|train|subway|metro|truck|bus|car|overpass)|driv(?:e|ing) (?:my car )?(?:into"
    r"|off) (?:a |the )?(?:tree|wall|bridge|cliff|river|lake|oncoming traffic|traffic)",
    # An active wish to die. ("I feel like I'm going to die" is panic, not a wish: not flagged.)
    r"(?:(?:want|wanted|wanting|ready|need|long|longing|trying) to|wanna) (?:die|be dead|not be"
    r" alive|not exist|stop existing|stop living)|feel like dying",
    rf"(?:don't|do not|no longer|not) (?:want to|wanna|wish to) (?:live(?! in| on| at| near| with"
    rf" (?:my|a|you|them|him|her|roommates))|be alive|be here|exist|keep living|{GO_ON})",
    r"better off dead|(?:would|will) be better off(?=\s*(?:$|[.!?;,\n]))",
    # No reason to live; others better off without me. Strong warning signs, so urgent.
    rf"no (?:\w+ )?reasons? (?:left )?(?:to|for) (?:live|living|be alive|be here|me to live"
    rf"|{GO_ON})",
    rf"(?:don't|do not|can't|cannot|no longer) (?:have|see|find) (?:a |any )?(?:single )?reasons?"
    rf" (?:left )?to (?:live|be alive|be here|{GO_ON})",
    r"nothing (?:left )?to live for|(?:lost|losing|no|without) (?:the |my |any )?will to live"
    r"|(?:not|isn't|is not|no longer) worth living|(?:don't|do not) deserve to (?:live|be alive)",
    r"(?:better|happier|easier) (?:off )?(?:without me|if i (?:was|were|am) (?:gone|dead|no longer"
    r" (?:here|around|alive))|if i (?:wasn't|weren't|was not|were not) (?:here|around|alive)|if i"
    r" (?:died|disappeared|didn't exist|did not exist|never existed|had never been born))",
    # A plan, or the means at hand.
    rf"(?:saved|saving|stockpil\w*|hoard\w*|collected|collecting|stash\w*|gathered|gathering"
    rf"|hidden|hiding|set aside|put aside|putting aside|squirrel\w*) (?:up |away |aside )?"
    rf"(?:(?:all|some|enough|a lot of|lots of|a bunch of|my|the|extra|a few|bottles of) )*"
    rf"(?:\w+ )?(?:{PILLS})",
    rf"enough (?:{PILLS}) to (?:die|kill|end|overdose|od|do it|not wake)|(?:a|the) lethal dose"
    rf"|how (?:much|many)\b[^.!?;\n]{{0,40}}(?:to die|to kill|to overdose|would kill|is lethal"
    rf"|is fatal)",
    r"(?:bought|buy|buying|got|have|own|found|tied|made|making|tying|get|getting|purchased|ordered)"
    r" (?:a |the |some |myself a )?(?:rope|noose|gun|rifle|shotgun|handgun|pistol|firearm|razor"
    r" blades?)(?! licen[cs]e| permit| safe| club| range)",
    r"(?:pills|meds|rope|gun) (?:ready|saved|hidden)|access to (?:\S+ ){0,2}?(?:guns?|firearms?"
    r"|rifles?|weapons?)",
    r"(?:have|made|making|got|with) a (?:suicide )?plan(?: (?:to (?:die|end|kill|do it|overdose"
    r"|jump|hang)|for (?:how|when|my death|ending)|of how)|(?=\s*(?:$|[.!?;,\n])))",
    r"(?:know|decided|figured out|planned|worked out) (?:exactly )?(?:how|when|where) (?:i'd |i"
    r" would |i will |i'll |to )?(?:do it|end it|die|kill myself)",
    r"(?:ways|how|best way|easiest way|painless way|quickest way) to (?:die|kill myself|end it"
    r"|end my life|overdose)",
    # Goodbyes.
    r"(?:this is|consider this) (?:my )?(?:final |last )?goodbye|(?:final|last) goodbye|goodbye"
    r" (?:everyone|all|forever|world|cruel world)|saying (?:my )?goodbyes|(?:say|said|saying)"
    r" goodbye to (?:everyone|everybody|my family|my kids|my friends|the world|you all)",
    r"(?:goodbye|farewell) (?:letter|note|message)s?|this is my (?:last|final) (?:message|note"
    r"|letter|words)|(?:last|final) words|sorry for everything",
    r"by the time (?:you|anyone|someone|somebody) (?:read|reads|see|sees|get|gets|find|finds) this",
    r"(?:wrote|written|writing|left) (?:a )?(?:letters?|notes?) (?:to|for) (?:my )?(?:family|kids"
    r"|children|wife|husband|partner|parents|mom|dad|mother|father|everyone|loved ones)",
    r"(?:tell|let) (?:\w+ ){0,3}?(?:know )?(?:that )?i (?:love|loved) (?:them|her|him|you|all)",
    r"(?:won't|will not|not going to|not gonna) be (?:around|here|alive)(?: (?:much longer|for"
    r" (?:much )?longer|for long|any ?more|any longer|to see|by then)|(?=\s*(?:$|[.!?;,\n])))",
    r"(?:i'll|i will) be gone (?:soon|for good)|(?:giving|given|gave|give) away (?:all )?(?:of )?my"
    r" (?:things|stuff|belongings|possessions)|(?:put|putting|getting) my affairs in order",
    # Self-harm, now or at any time: the words rarely say when.
    r"self ?(?:harm|injur|mutilat)\w*",
    r"(?:hurt|hurting|harm|harming|harmed|cut|cutting|burn|burning|burned|burnt|punish|punishing"
    r"|scratch|scratching|hit|hitting|starve|starving) my ?self",
    r"(?:started|start|been|keep|still|am) cutting(?! (?:back|down|out|off|ties|hair|my hair"
    r"|carbs|sugar|costs|corners|it|the|a)\b)|cut(?:ting)? my (?:arms?|wrists?|legs?|thighs?)",
    # Overdosing now or on purpose; an attempt said to be recent.
    rf"(?:want|wanna|going|gonna|plan\w*|tempted|thinking about|thought about|think about|trying"
    rf"|intend\w*|ready|decided) (?:to )?(?:overdos(?:e|ing)(?! risk| danger)|od|take (?:all|a"
    rf" bottle|a handful|the whole bottle|too many)\b[^.!?;\n]{{0,20}}(?:{PILLS}))",
    rf"(?:took|swallowed) (?:a bottle|a handful|the whole bottle|too many|a bunch|\d\d+)\b"
    rf"[^.!?;\n]{{0,20}}(?:{PILLS})|overdos\w* on purpose|(?:intentional\w*|purposely"
    rf"|deliberately) overdos\w*",
    rf"(?:{ATTEMPT})\b[^.!?;\n]{{0,40}}\b(?:{RECENTLY})|(?:{RECENTLY}|just)\b[^.!?;\n]{{0,40}}"
    rf"\b(?:{ATTEMPT})",
    # The same, in French.
    r"(?<!tente de\s)(?<!essaye de\s)(?:me|se|te) suicider|me donner la mort|m'enlever la vie",
    r"(?:veux|voudrais|aimerais|vais|pense a|penser a|songe a|compte|prete? a|(?:envie|besoin|hate)"
    rf" (?:de|d')|(?:le )?gout (?:de|d')) ?(?:me tuer|me pendre|{EN_FINIR}|mettre fin a (?:mes"
    r" jours|ma vie))",
    r"en finir avec (?:la vie|ma vie|tout|moi|mes jours)|mettre fin a (?:mes jours|ma vie)",
    r"(?:veux|voudrais|aimerais|envie de|prete? a|(?:le )?gout de|besoin de) (?:mourir|crever)",
    rf"(?:idees?|pensees?|envies?|plans?) (?:de |du |d')?{SUICIDE}",
    rf"(?:pens\w*|song\w*|reflechi\w*) (?:au|a la|a me) {SUICIDE}|me jeter (?:sous|devant|du haut"
    r"|d'un|en bas)",
    r"j'ai un plan(?: pour (?:mourir|en finir|me tuer|le faire)|(?=\s*(?:$|[.!?;,\n])))",
    r"(?:veux|voudrais) (?:plus|pas) (?:vivre|exister|etre la|etre en vie)|(?:plus|pas|aucune)"
    r" envie de vivre|(?:plus|pas) (?:le )?gout de vivre",
    r"(?:plus|pas|aucune|sans|perdu) (?:de |d'|ma |la |une )?(?:\w+ ){0,2}?raisons? de vivre"
    r"|rien pour (?:quoi|lequel) vivre",
    r"mieux sans moi|(?:serais|serait) mieux morte?|mieux si je (?:n'etais (?:plus|pas) la"
    r"|mourais|disparaissais|etais mort)",
    r"(?:accumule|garde|mis de cote|stocke|ramasse|cache|achete) (?:\w+ ){0,3}?(?:pilules"
    r"|medicaments|comprimes|cachets)|achete (?:une corde|un fusil|une arme)|dose (?:mortelle"
    r"|letale)",
    r"adieu|mon dernier message|dites a (?:\w+ ){1,3}?que je (?:les |l')aime|je ne serai plus la"
    r"|quand vous lirez (?:ce message|ceci|ca)",
    r"automutil\w*|me (?:faire|fais|fait|suis fait) du mal|me bless(?:er|e)|scarifi\w*|me bruler"
    r"|(?:me|je me|me suis) (?:coupe[rs]?|coupee|scarifiee?|brulee?)(?! (?:les|la|le|un|une|des|du"
    r"|mes|ma|mon)\b)",
    r"(?:me|se|je me|me suis) (?:mutil\w*|taillad\w*)|(?:me|je me|me suis) (?:coupe[rs]?|coupee"
    r"|taillade[rs]?|brule[rs]?|brulee) (?:les |le |la |mes |un |une )?(?:bras|poignets?|cuisses?"
    r"|jambes?|veines?|ventre|peau)",
    # "me faire mal" only when it is the person's doing: "mon dos me fait mal" is not.
    r"(?:je me fais|je me suis fait|veux me faire|voudrais me faire|envie de me faire|besoin de me"
    r" faire|pense a me faire|vais me faire) mal\b",
    rf"surdose (?:volontaire|expres|intentionnelle)|(?:veux|voudrais|vais|pense a|envie de|prete?"
    rf" a) (?:faire|prendre) une (?:surdose|overdose)|(?:prendre|pris|avaler|avale) (?:tous|toutes)"
    rf" (?:mes|les) (?:{PILULES})",
]

POSSIBLE_PATTERNS = [
    # Passive wishes to be dead.
    r"(?:wish|wished|wishing|hope|hoping|pray|praying|rather|mind|okay|ok|fine|easier|nice|happy"
    r"|relief|glad)\b[^.!?;\n]{0,30}?(?:not|never|don't|didn't|wouldn't|won't) (?:ever )?"
    r"(?:wake|waking|woke) up|(?:don't|do not) want to wake up",
    r"(?:go|going|went|fall|falling) (?:to )?(?:sleep|asleep) (?:and|to) (?:never|not) (?:wake"
    r"|waking) up|a?sleep forever|kill me now",
    r"(?:wish|wished|wishing|hope|hoping) (?:that )?(?:i|i'd)(?: (?:was|were|could|would|had|just"
    r"|be|been|never))* (?:dead|die|died|disappear|vanish|not exist|stop existing|never been born"
    r"|never woke up|never existed)",
    r"wish (?:that )?i (?:wasn't|weren't|was not|were not|didn't|did not) (?:alive|here|exist"
    r"|around|born)|(?:wish|wishing|want|wanna|hope) (?:i could |to |i'd |i would )?(?:just )?"
    r"(?:disappear|vanish|fade away|stop existing|cease to exist)",
    r"(?:wouldn't|would not|won't|don't|do not) (?:mind|care) (?:if i (?:died|die|didn't wake up"
    r"|did not wake up|don't wake up|never woke up|was dead|were dead|got hit|was gone)|dying|not"
    r" waking up|being dead)|(?:don't|do not) care (?:if|whether) i live or die",
    r"(?:want|wish|need) (?:it all|everything|all of it|life) to (?:stop|end)|don't care what"
    r" happens to me",
    r"(?:tired|sick|exhausted) of (?:living|being alive|life|existing)|rather (?:be dead|die|not"
    r" be alive|not exist)",
    r"(?:hope|hoping|wish|wishing|pray\w*) (?:that )?(?:i|something|a car|a bus|a truck|someone"
    r"|god|an accident)\b[^.!?;\n]{0,30}?(?:die|dies|kills? me|hits? me)\b|god (?:would |will )?"
    r"takes? me",
    # Hopelessness.
    r"(?:can't|cannot|can not|don't|do not|no longer|couldn't) see (?:the |any |a )?(?:point|future"
    r"|way out|way forward|light|reason)",
    r"(?:no|is no|there's no|isn't any|not any|without|what's the|what is the) point (?:in |of "
    r"|to )?(?:living|going on|carrying on|continuing|anything|life|it all|any of it|trying|being"
    r" alive|being here|existing|any ?more|getting up|waking up|me)|(?:no|what's the) point"
    r"(?=\s*(?:$|[.!?;\n]))",
    r"nothing (?:will|is going to|is gonna|is ever going to|ever) (?:ever )?(?:get|gets|be|change"
    r"|improve)|(?:will|is going to|are going to|'ll) never (?:get|feel|be) better",
    r"hopeless\w*|no hope|lost (?:all )?hope|without hope|no way out|no future|end of my rope"
    r"|(?:life|my life|living) (?:has no meaning|is meaningless|is pointless|feels pointless)",
    r"(?:feel like|felt like|thought about|thinking about|close to) giving up|done with (?:life"
    r"|living|it all)|wish (?:it|everything|this|life) (?:would|could) (?:all )?(?:just )?end",
    r"(?:given|giving|give|gave) up on (?:life|living|everything|myself|the future|getting better)"
    r"|(?:ready|want|wanting|about) to give up(?= on| any ?more|\s*(?:$|[.!?;,\n]))",
    rf"(?:can't|cannot|can not) (?:live like this|keep living|{GO_ON}|(?:(?:keep doing|do) this"
    rf"|take (?:it|this))(?= any ?more| any longer| much longer|\s*(?:$|[.!?;,\n])))",
    r"don't know how (?:much )?longer i can|(?:feel|feeling|i'm|i am) (?:so |completely "
    r"|totally )?(?:trapped|worthless)",
    # A burden.
    r"(?:am|i'm|feel like|feeling like|feel|being|become|becoming|been|was|just|only|such"
    r"|nothing but) (?:a |an )?(?:\w+ )?burden",
    r"(?:nobody|no one|noone) (?:would|will) (?:even )?(?:miss|notice|care)",
    # An attempt, with no date or long ago.
    ATTEMPT,
    # Dark thoughts.
    r"dark (?:thoughts|place|places|times|ideas|headspace)|morbid thoughts|death wish",
    r"(?:thoughts|thinking|think|thought) (?:of|about) (?:death|dying|being dead|not being here"
    r"|not being alive|not existing)",
    # Any other mention of suicide or overdose: a question about safety, a loss, shorthand.
    SUICIDE,
    r"overdos\w*|lethal|fatal|deadly|risk of (?:death|dying)|(?:can|could|will|would|might)"
    r" (?:\w+ )?(?:die|kill) (?:from|of|on|you|me|someone|people)|(?:take|takes|taking|took)"
    r" too (?:much|many)",
    r"kill (?:yourself|urself|ur self)",
    # The same, in French.
    r"(?:plus|jamais|pas) me reveiller|(?:envie de|veux|voudrais|aimerais) (?:juste |simplement )?"
    r"disparaitre|m'endormir pour toujours|dormir pour toujours|en finir|que tout (?:s'arrete"
    r"|finisse)",
    r"desespoir|desespere\w*|sans espoir|plus d'espoir|aucun espoir|perdu espoir|a quoi bon"
    r"|pas d'avenir|aucun avenir|(?:tanne|fatigue|ecoeure|epuise)e? de vivre",
    r"vois (?:plus|pas) (?:l'interet|le sens|de sens|d'issue|de sortie|la fin|le bout|d'avenir"
    r"|pourquoi continuer)|(?:en|n'en) peux plus|suis a bout",
    r"rien ne (?:va|vas|pourra|peut) (?:jamais )?(?:s'ameliorer|changer|aller mieux)|(?:ca|ce)"
    r" n'ira jamais mieux|plus la force de (?:continuer|vivre)|peux plus continuer|(?:ma|la) vie"
    r" n'a (?:plus de|aucun) sens",
    r"un fardeau|un poids (?:pour|sur)|(?:suis|sens comme|sens) un poids|(?:suis|sens)"
    r"(?: \w+){0,3}? de trop|personne ne (?:me regretterait|remarquerait|s'en rendrait compte"
    r"|s'en apercevrait)",
    r"(?:idees|pensees) (?:noires|sombres|morbides|de mort)|penser a la mort|pense (?:souvent )?a"
    r" la mort|surdose",
]

# A clause that only denies: what may come before it, the denial, what may come after it.
CLAUSE_START = r"(?:^|(?<=[.!?;:,\n])|\b(?:but|and|so|also|mais|et)\b)\s*"
_LEAD_IN = (
    r"(?:(?:to be (?:clear|honest)|for the record|just so you know|honestly|fyi|rassurez vous) )?"
)
_SUBJECT = (
    r"(?:(?:i|i'm|i am|i've|i have|i had|i was|i do|i did|i feel|i'm feeling|i would|i'd|i will"
    r"|i'll|(?:the )?(?:patient|client)|he|she|they|je|moi je) |j')?"
    r"(?:(?:honestly|definitely|certainly|absolutely|truly|also) )?(?:ne |n')?"
)
_NEGATION = (
    r"(?:not|am not|never|no|not any|without|don't|do not|didn't|did not|won't|will not|wouldn't"
    r"|would not|would never|will never|haven't|have not|have never|haven't ever|have no|never had"
    r"|don't have|do not have|haven't had|have not had|wasn't|was not|don't feel|do not feel|deny"
    r"|denies|denied|suis pas|suis jamais|me sens pas|ai jamais ete|ai pas|ai jamais|ai pas eu"
    r"|ai jamais eu|pas eu|jamais eu|pas|jamais|aucune|aucun|veux pas|vais pas|ai pas envie de"
    r"|me ferais jamais)"
    r"(?: (?:at all|du tout|ever|any|want to|wish to|plan to|intend to|going to|been|felt|had))*"
)
_DENIED = (
    rf"{SUICIDAL}(?: (?:thoughts|ideation|ideas|feelings|intent|intentions|plans?|urges"
    rf"|tendencies))?"
    rf"|thoughts (?:of|about) (?:{SUICIDE}|self harm|harming myself|hurting myself|killing myself"
    rf"|ending my life|dying)|history of (?:{SUICIDE} attempts?|self harm|attempts?)|{SUICIDE}"
    rf" attempts?|(?:intent|intention|plans?|wish|desire|urges?) to (?:die|hurt myself|harm myself"
    rf"|kill myself|end my life)|dark thoughts|self harm(?:ed|ing)?|(?:kill|hurt|harm|cut)(?:ed)?"
    rf" myself|(?:attempted|commit|attempt) {SUICIDE}|tried to kill myself|made an attempt"
    rf"|overdosed|die|end my life|take my (?:own )?life|act on (?:it|them|these thoughts|those"
    rf" thoughts)|plans?|intent|intentions|ideation|urges|attempts?"
    rf"|(?:d'|de )?(?:idees?|pensees?) (?:{SUICIDAL}|noires?|de {SUICIDE})|mourir|me {SUICIDE}"
    rf"|me tuer|me faire (?:du|de) mal|(?:de|du) mal|en finir|fait (?:de |une )?tentatives?"
    rf"(?: de {SUICIDE})?|tente de me {SUICIDE}|pense au {SUICIDE}|voulu mourir"
)
DENIAL_BODY = (
    rf"{_LEAD_IN}{_SUBJECT}{_NEGATION} ?(?:{_DENIED})(?:,? (?:or|nor|and|ou|ni|et)"
    rf"(?: (?:any|no|ever|i|i have|i've|have|never|been))* ?(?:{_DENIED}))*(?: at all| du tout)?"
)
CLAUSE_END = (
    r"(?=\s*(?:$|[.!?;:,)\n]|(?:but|and|just(?! yet)|i(?! think| guess| hope| suppose| don.?t"
    r" know)|or anything|from|of|like|though|thanks|thank you|mais|et|juste|je|j'|merci)\b))"
)
