/**
 * The English catalogue: the source every translation follows. Keys name the place a string is
 * used; `{name}` marks a value filled in at render time. Strings in the shell, quick exit, discreet
 * mode, settings and the overdose guide must be in every catalogue (see `REQUIRED_PREFIXES`).
 */
export const en = {
  // Shell: the header, navigation and footer on every page.
  'shell.skip': 'Skip to content',
  'shell.nav': 'Main',
  'shell.nav.find': 'Find help',
  'shell.nav.learn': 'Learn',
  'shell.nav.overdose': 'Overdose help',
  'shell.nav.settings': 'Settings',
  'shell.footer.privacy': '{name} keeps no record of your searches.',
  'shell.footer.data': 'Open data (HSDS)',
  'shell.demo.title': 'Demonstration data.',
  'shell.demo.body': 'The services on this site are invented for testing. Do not go to them.',
  'shell.machine_translation':
    'Parts of this page were translated by machine. Speakers of this language have not checked them yet.',
  'shell.saved': 'Saved on this phone on {time}. You may be offline: this may be out of date.',
  'shell.error.not_found': 'Not found',
  'shell.error.other': 'Something went wrong',
  'shell.error.back': 'Back to search',
  'shell.title.find': 'Find help',
  'shell.title.learn': 'Learn',
  'shell.title.overdose': 'Overdose help',
  'shell.title.settings': 'Settings',
  'shell.title.service': 'Service details',
  'shell.title.removed': 'Removed',
  'shell.home.heading': 'Find help near you',
  'shell.offline.heading': 'You are offline',
  'shell.offline.body':
    'This page is not saved on this phone. Saved pages still work: the overdose guide, the library and your last search.',

  // Quick exit.
  'quickexit.label': 'Quick exit',
  'quickexit.help.heading': 'Quick exit',
  'quickexit.help.what': 'Quick exit opens a weather page instead of Harbour. You can also press the Escape key twice.',
  'quickexit.help.limits':
    'It does not delete anything. The pages you opened before stay in the browser history, and it is not private browsing.',
  'quickexit.help.private':
    'To leave no history, open Harbour in a private tab: in Chrome, tap the menu (three dots) and choose "New Incognito tab". Remember that Harbour can also be removed from this phone below.',

  // Discreet mode.
  'discreet.heading': 'Discreet mode',
  'discreet.explain':
    'Discreet mode gives Harbour a plain name and icon: "{name}". Page titles, the tab and the icon on your home screen will not say Harbour.',
  'discreet.before_install':
    'Turn it on before you add Harbour to your home screen. An icon already added keeps its old name until you remove it and add it again.',
  'discreet.on': 'Use discreet mode',
  'discreet.off': 'Do not use discreet mode',

  // Settings.
  'settings.heading': 'Settings',
  'settings.saved': 'Your settings are saved on this phone.',
  'settings.language': 'Language',
  'settings.theme': 'Colours',
  'settings.theme.system': 'Same as the phone',
  'settings.theme.light': 'Light',
  'settings.theme.dark': 'Dark',
  'settings.save': 'Save settings',
  'settings.cookies': 'Your choices are kept in small cookies on this phone only. Harbour does not know who you are.',
  'settings.remove.heading': 'Remove Harbour from this phone',
  'settings.remove.explain':
    'This deletes everything Harbour saved on this phone: saved pages, your last search, your settings and anything waiting to be sent. It cannot be undone.',
  'settings.remove.button': 'Remove Harbour from this phone',
  'settings.remove.done.heading': 'Harbour is removed from this phone',
  'settings.remove.done.body':
    'Saved pages, your last search and your settings are deleted. An icon on your home screen must be removed by hand: press and hold it, then choose Remove or Uninstall.',
  'settings.remove.done.history':
    'Your browser history is not part of this. To clear it, open the browser menu, then History, then Clear browsing data.',
  'settings.https': 'Saving pages for offline use only works when Harbour is opened over a secure (https) address.',

  // Overdose guide.
  'overdose.heading': 'Overdose: what to do',
  'overdose.intro': 'Stay calm. You can save a life. Do these steps in order.',
  'overdose.call.heading': '1. Call for help',
  'overdose.call.body': 'Call an ambulance now. Say: "Someone is not breathing" or "Someone will not wake up". Give the address.',
  'overdose.call.number_112': 'Emergency from any mobile phone, even without airtime',
  'overdose.call.number_10177': 'Ambulance',
  'overdose.call.number_10111': 'Police',
  'overdose.call.number_other': 'Emergency number',
  'overdose.signs.heading': 'Signs of an overdose',
  'overdose.signs.opioid.heading': 'Opioids (nyaope, whoonga, heroin, fentanyl, methadone)',
  'overdose.signs.opioid.1': 'Will not wake up when you shout or rub hard on the middle of the chest',
  'overdose.signs.opioid.2': 'Breathing is very slow, or stopped, or sounds like snoring or gurgling',
  'overdose.signs.opioid.3': 'Lips and fingertips turn blue or grey',
  'overdose.signs.opioid.4': 'The black centre of the eye is very small',
  'overdose.signs.stimulant.heading': 'Uppers (tik, cocaine, cat)',
  'overdose.signs.stimulant.1': 'Very hot, sweating a lot, or hot and dry skin',
  'overdose.signs.stimulant.2': 'Chest pain, or a very fast heartbeat',
  'overdose.signs.stimulant.3': 'A fit (shaking they cannot stop)',
  'overdose.signs.stimulant.4': 'Very scared, confused, or seeing and hearing things that are not there',
  'overdose.signs.stimulant.do':
    'Call for help. Move them somewhere cool and quiet. Give small sips of water if they are awake. During a fit, do not hold them down: move hard things away and put something soft under the head.',
  'overdose.signs.downer.heading': 'Alcohol and pills that calm you (benzos, mandrax)',
  'overdose.signs.downer.1': 'Very sleepy and hard to wake',
  'overdose.signs.downer.2': 'Slow breathing',
  'overdose.signs.downer.3': 'Vomiting while drowsy',
  'overdose.signs.downer.4': 'Cold, damp, pale skin',
  'overdose.signs.mixed':
    'Mixing drugs is the biggest danger. Naloxone does not undo alcohol or pills, but give it anyway: there may be opioids in the mix.',
  'overdose.naloxone.heading': '2. Give naloxone if you have it',
  'overdose.naloxone.1': 'Shout their name and rub hard on the middle of the chest.',
  'overdose.naloxone.2': 'Nose spray: tilt the head back, put the tip in one nostril and press the plunger all the way.',
  'overdose.naloxone.3': 'Injection: inject into the muscle of the thigh or upper arm. It can go through clothes.',
  'overdose.naloxone.4': 'Not breathing? Give rescue breaths (step 3). Breathing? Put them on their side (step 4).',
  'overdose.naloxone.5': 'No change after 2 to 3 minutes? Give another dose.',
  'overdose.naloxone.6': 'Naloxone wears off after 30 to 90 minutes, and the overdose can come back. Stay with them.',
  'overdose.naloxone.7': 'When they wake up they may feel sick and want to use again. Tell them a new dose now could kill them.',
  'overdose.breathing.heading': '3. Rescue breathing',
  'overdose.breathing.1': 'Lay them on their back. Check that nothing is in the mouth.',
  'overdose.breathing.2': 'Tilt the head back and lift the chin.',
  'overdose.breathing.3': 'Pinch the nose closed. Seal your mouth over theirs.',
  'overdose.breathing.4': 'Give 1 breath every 5 seconds. Watch the chest rise.',
  'overdose.breathing.5': 'If you know CPR, do CPR.',
  'overdose.recovery.heading': '4. The recovery position',
  'overdose.recovery.body': 'If they breathe but do not wake up, or you must leave them for a moment, put them on their side:',
  'overdose.recovery.1': 'Roll them onto their side.',
  'overdose.recovery.2': 'Bend the top knee so they do not roll over.',
  'overdose.recovery.3': 'Put their top hand under the cheek.',
  'overdose.recovery.4': 'Tilt the head back a little, so vomit can come out and air can go in.',
  'overdose.stay.heading': '5. Stay with them',
  'overdose.stay.body':
    'Stay until help comes. After naloxone, stay at least 2 hours, even if they seem fine: the overdose can come back.',
  'overdose.stay.dont.heading': 'Do not:',
  'overdose.stay.dont.1': 'Put them in a cold bath or throw water on them',
  'overdose.stay.dont.2': 'Inject them with salt water, milk or any drug other than naloxone',
  'overdose.stay.dont.3': 'Make them vomit',
  'overdose.stay.dont.4': 'Leave them alone to sleep it off',
  'overdose.police.heading': 'Will the police come?',
  'overdose.police.1':
    'Usually an ambulance comes without the police. Paramedics are there to save a life, not to arrest anyone.',
  'overdose.police.2':
    'The police may also come: if someone has died, if there is violence, or if the place seems unsafe. South Africa has no law that protects people who call for help at an overdose.',
  'overdose.police.3':
    'You can put drugs and equipment away before help comes. Telling the paramedics what was taken helps them save the life: they need it for treatment, not for the police.',
  'overdose.police.4':
    'If you are too afraid to stay: call first, put them on their side, leave the door open and tell the call centre where they are.',
  'overdose.review':
    'This guide follows the World Health Organization guidance on community management of opioid overdose (2014). It is not yet checked by a health worker.',
  'overdose.learn_more': 'Learn more about mixing drugs',

  // The search form (home page, and "Change search" on results).
  'search.q': 'What do you need?',
  'search.q.placeholder': 'e.g. needles, methadone, PEP, shelter',
  'search.near': 'Near',
  'search.near.placeholder': 'Suburb, township, taxi rank or landmark',
  'search.use_location': 'Use my location',
  'search.within': 'Within',
  'search.kind': 'Kind of help',
  'search.any': 'Any',
  'search.when': 'When',
  'search.open_now': 'Open now',
  'search.open_at': 'or open at',
  'search.only': 'Only places that are',
  'search.language': 'Language spoken',
  'search.for': 'For',
  'search.everyone': 'Everyone',
  'search.gender.women': 'Women',
  'search.gender.men': 'Men',
  'search.gender.trans': 'Trans and gender-diverse people',
  'search.submit': 'Search',
  'search.change': 'Change search',

  // Library.
  'learn.heading': 'Learn',
  'learn.intro': 'Short, practical pages about staying safer. They are saved on this phone for offline use.',
  'learn.search.label': 'Search the library',
  'learn.search.button': 'Search',
  'learn.search.results': 'Pages about "{q}"',
  'learn.search.none': 'No page matches "{q}". Try another word, or look at the list below.',
  'learn.all': 'All pages',
  'learn.sources': 'Sources',
  'learn.updated': 'Updated {date}',
  'learn.not_checked': 'Not yet checked by a health worker.',
  'learn.reviewed_by': 'Checked by {name}.',
  'learn.needs_review': 'This page needs review by the community it is written for.',
  'learn.english_only': 'This page is not yet translated. It is shown in English.',
  'learn.back': 'All library pages',

  // Reporting wrong information about a service.
  'feedback.heading': 'Is something wrong here?',
  'feedback.intro':
    'Tell us if this service is closed, has moved, or has wrong hours or a wrong phone number. You stay anonymous.',
  'feedback.kind': 'What is wrong?',
  'feedback.kind.closed': 'It is closed for good',
  'feedback.kind.moved': 'It has moved',
  'feedback.kind.wrong_hours': 'The hours are wrong',
  'feedback.kind.wrong_phone': 'The phone number is wrong',
  'feedback.kind.other': 'Something else',
  'feedback.detail': 'More detail (optional). Do not write names or your phone number.',
  'feedback.send': 'Send report',
  'feedback.thanks': 'Thank you. The organisation that runs this listing will check it.',
  'feedback.queued': 'You are offline. Your report is saved on this phone and will be sent when you are back online.',
  'feedback.sent_later': 'Your saved report was sent. Thank you.',
  'feedback.refused': 'A report saved on this phone could not be delivered: {reason}',
  'feedback.sending': 'Sending…',
} as const;

/** Every key Harbour uses. */
export type MessageKey = keyof typeof en;
