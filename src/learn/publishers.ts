/**
 * Who library pages may cite: public-health agencies, South African government (laws and
 * guidelines), harm-reduction bodies, and peer-reviewed journals. A source from anyone else fails
 * `npm test` until someone adds the publisher here on purpose, in review.
 */
export const TRUSTED_PUBLISHERS: readonly string[] = [
  'World Health Organization',
  'UNAIDS',
  'United Nations Office on Drugs and Crime',
  'United Nations Office on Drugs and Crime and World Health Organization',
  'Republic of South Africa',
  'South African National Department of Health',
  'South African Department of Social Development',
  'Harm Reduction International',
  'South African Network of People Who Use Drugs',
];

/** Peer-reviewed journals cited as the publisher of a paper. */
export const PEER_REVIEWED_JOURNALS: readonly string[] = [
  'American Psychologist',
  'Clinical Infectious Diseases',
  'Journal of Consulting and Clinical Psychology',
  'Substance Use & Misuse',
];
