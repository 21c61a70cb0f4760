// Peer: the ExcelJS streaming reader over every row of every sheet of a workbook.
// Prints {"rows": N, "cells": C} on stdout.
const ExcelJS = require('exceljs')

async function main() {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(process.argv[2], {
    sharedStrings: 'cache',
    worksheets: 'emit',
    hyperlinks: 'ignore',
    styles: 'cache'
  })
  let rows = 0
  let cells = 0
  for await (const sheet of reader) {
    for await (const row of sheet) {
      rows++
      cells += row.cellCount
    }
  }
  process.stdout.write(JSON.stringify({ rows, cells }) + '\n')
}
main()
