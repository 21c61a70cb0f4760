// The npm `tableschema` package (Frictionless JS) ships no types; the
// compatibility test uses this much of it.
declare module 'tableschema' {
  interface TableSchemaError extends Error {
    rowNumber?: number
    columnNumber?: number
    errors?: TableSchemaError[]
  }
  export const Table: {
    load(
      source: string,
      options: { schema: object }
    ): Promise<{ read(o: { forceCast: boolean }): Promise<Array<unknown[] | TableSchemaError>> }>
  }
}
