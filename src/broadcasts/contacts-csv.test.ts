import { describe, expect, it } from 'vitest';
import { problemText } from './contacts.service.ts';
import { ContactsCsvError, csvRows, parseContactsCsv } from './contacts-csv.ts';

describe('CSV cells', () => {
  it('reads quotes, doubled quotes, CRLF and the line each row starts on', () => {
    expect(csvRows('a,b\r\n"x, y","say ""hi"""\r\n\r\n"multi\nline",z\n', ',')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 4, cells: ['multi\nline', 'z'] },
    ]);
  });
});

describe('contacts CSV', () => {
  it('imports valid rows and names what is wrong with the others, line by line', () => {
    const csv = [
      'phone,name,role,station,languages,zones,language',
      '+22376000001,Awa Traore,radio_host,Radio Jamana Djenne,bm;fr,ML050303,bm',
      '76 00 00 02,Moussa,subscriber,,,ML050303 ML0503,bm',
      '+22376000003,,animateur,,fr,ML050303,fr',
      'not a number,X,subscriber,,,ML050303,fr',
      '+22376000005,Y,chief,,,ML050303,fr',
      '+22376000006,Z,subscriber,,,ML999999,fr',
      '+22376000007,W,subscriber,,,ML050303,wo',
      '+22376000001,Again,subscriber,,,ML050303,fr',
      '+22376000010,V,subscriber,,,"Sangha; Djenné (ML050303)",fr',
      '+22376000011,U,subscriber,,,Bandiagara,fr',
    ].join('\n');
    const r = parseContactsCsv(csv);
    expect(r.contacts.map((c) => [c.line, c.contact.phone, c.contact.role])).toEqual([
      [2, '+22376000001', 'radio_host'],
      [3, '+22376000002', 'subscriber'],
      [10, '+22376000010', 'subscriber'],
    ]);
    expect(r.contacts[2]!.contact.zones).toEqual(['ML050117', 'ML050303']);
    expect(r.contacts[0]!.contact).toMatchObject({
      station: 'Radio Jamana Djenne',
      languages: ['bm', 'fr'],
      zones: ['ML050303'],
      language: 'bm',
    });
    expect(r.contacts[1]!.contact.zones).toEqual(['ML050303', 'ML0503']);
    expect(r.rejected.map((x) => ({ line: x.line, reasons: x.reasons.map((p) => problemText(p)) }))).toEqual([
      { line: 4, reasons: ['station: a radio host needs the name of the station'] },
      { line: 5, reasons: ['phone: not a number is not a phone number'] },
      { line: 6, reasons: ['role: one of radio_host, subscriber, focal_point'] },
      { line: 7, reasons: ['zones: ML999999 is not a place of Mali (a region, cercle, commune or village, or its P-code)'] },
      { line: 8, reasons: ['language: one of fr, bm, ff, son'] },
      { line: 9, reasons: ['phone: same number as line 2'] },
      {
        line: 11,
        reasons: [
          'zones: Bandiagara names several places; write the one meant as name (P-code): ' +
            'Bandiagara (ML0501) – cercle, Mopti / Bandiagara (ML050101) – commune, Bandiagara, Mopti',
        ],
      },
    ]);
  });

  it('reads a semicolon file with French headers, as a spreadsheet saves it', () => {
    const r = parseContactsCsv(
      '\ufeffTéléphone;Nom;Rôle;Radio;Langues;Zones;Langue\r\n+22376000011;Fatou;abonné;;;ML050303;ff\r\n',
    );
    expect(r.rejected.map((x) => ({ line: x.line, reasons: x.reasons.map((p) => problemText(p)) }))).toEqual([]);
    expect(r.contacts[0]!.contact).toMatchObject({ phone: '+22376000011', name: 'Fatou', role: 'subscriber', language: 'ff' });
  });

  it('refuses a file without the columns it needs', () => {
    const refusal = (csv: string) => {
      try {
        parseContactsCsv(csv);
      } catch (err) {
        if (err instanceof ContactsCsvError) return [problemText(err.problem), problemText(err.problem, 'fr')];
      }
      return undefined;
    };
    expect(refusal('name,zones\nA,ML050303\n')).toEqual([
      'header: missing column(s) phone, role (columns: phone, name, role, station, languages, zones, language)',
      'en-tête : colonne(s) manquante(s) phone, role (colonnes : phone, name, role, station, languages, zones, language)',
    ]);
    expect(refusal('')?.[0]).toMatch(/^the file is empty/);
  });
});
