// Shared by the channel parsers: a field that must be present and not blank, named in the error.
import { z } from 'zod';

export const required = (field: string) =>
  z.string({ error: `${field} is required` }).refine((value) => value.trim() !== '', `${field} is empty`);
