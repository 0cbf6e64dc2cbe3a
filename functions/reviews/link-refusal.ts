import type { LinkCheck } from '#functions/reviews/confirm-links.ts';
import { forbidden, type HttpError, notFound } from '#lib/http/errors.ts';

type LinkProblem = Extract<LinkCheck, { ok: false }>['problem'];

/** Why a review link cannot be used, as the error both confirmation routes answer (rendered as a page). */
export function linkRefusal(problem: LinkProblem): HttpError {
  switch (problem) {
    case 'invalid':
      return forbidden(
        'This review link is not valid. Open the link from the email again, without changing it.',
      );
    case 'expired':
      return forbidden('This review link has expired.');
    case 'not-a-manager':
      return forbidden('This review link belongs to someone who no longer manages reviews for this partner.');
    case 'not-found':
      return notFound('This review');
  }
}
