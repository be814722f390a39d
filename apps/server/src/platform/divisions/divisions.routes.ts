import { Type } from 'typebox';
import { ErrorBodySchema } from '@fangxian/contracts/kernel';
import type { App } from '../http/context.ts';
import { AppError, CommonErrors } from '../http/errors.ts';
import { childDivisions, findDivision, parentCode } from './divisions.data.ts';

const DivisionSchema = Type.Object({
  code: Type.String({ pattern: '^\\d{6}$' }),
  name: Type.String(),
  nameEn: Type.String({ description: 'English name (pinyin with the level translated), e.g. Jingyang District' }),
  level: Type.Union([Type.Literal('province'), Type.Literal('city'), Type.Literal('county')]),
});
const CodeParam = Type.String({ pattern: '^\\d{6}$', description: 'GB/T 2260 division code' });

// The romanisation (pinyin-pro's dictionary) is loaded on the first division request, not at start-up.
const englishNames = () => import('./division-english.ts');

/** GB/T 2260 division lookups (public reference data: no sign-in needed). */
export async function divisionRoutes(app: App): Promise<void> {
  app.get(
    '/divisions',
    {
      schema: {
        tags: ['divisions'],
        summary: 'Child divisions of a division (provinces when parent is omitted)',
        querystring: Type.Object({ parent: Type.Optional(CodeParam) }),
        response: { 200: Type.Array(DivisionSchema), 404: ErrorBodySchema },
      },
    },
    async (request, reply) => {
      const parent = request.query.parent ?? '';
      if (parent && !findDivision(parent)) throw new AppError(CommonErrors.NOT_FOUND);
      // Reference data changes only with a package upgrade: let browsers cache it.
      reply.header('cache-control', 'public, max-age=3600');
      const { withEnglishName } = await englishNames();
      return childDivisions(parent).map(withEnglishName);
    },
  );
  app.get(
    '/divisions/:code',
    {
      schema: {
        tags: ['divisions'],
        summary: 'One division with its path from the province down',
        params: Type.Object({ code: CodeParam }),
        response: {
          200: Type.Object({ code: Type.String(), name: Type.String(), nameEn: DivisionSchema.properties.nameEn, level: DivisionSchema.properties.level, path: Type.Array(DivisionSchema) }),
          404: ErrorBodySchema,
        },
      },
    },
    async (request, reply) => {
      const division = findDivision(request.params.code);
      if (!division) throw new AppError(CommonErrors.NOT_FOUND);
      const path = [division];
      for (let up = parentCode(division.code); up; up = parentCode(up)) {
        const d = findDivision(up);
        if (d) path.unshift(d);
      }
      reply.header('cache-control', 'public, max-age=3600');
      const { withEnglishName } = await englishNames();
      return { ...withEnglishName(division), path: path.map(withEnglishName) };
    },
  );
}
