"""Ledgers (台账) in Excel: the columns every organization export and import share, the blank
template, and the reading and checking of an uploaded file row by row."""
