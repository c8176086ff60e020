import { bigint, date, defineTable, varchar } from 'pgtwin/schema';

/** Range on two columns (text then date); a bound holding a quote is printed as a quoted literal. */
export default defineTable({
  name: 'surnames',
  columns: {
    surname: varchar(40),
    born: date(),
    id: bigint(),
  },
  primaryKey: ['surname', 'born', 'id'],
  partitionBy: {
    kind: 'range',
    columns: ['surname', 'born'],
    partitions: [
      { name: 'surnames_a_n', from: ['A', '0001-01-01'], to: ["O'Brien", '1970-01-01'] },
      { name: 'surnames_o_z', from: ["O'Brien", '1970-01-01'], to: ['ZZZ', '9999-12-31'] },
    ],
  },
});
