"""Reports: the plan's indicators computed from the records, and the Excel workbooks.

``indicators`` aggregates in SQL (portable to PostgreSQL) and drills down to record ids;
``monthly`` turns them into the 月报 figures; ``workbook`` writes the 月报 with XlsxWriter
(``xlsx``: the plumbing of every workbook the product writes; openpyxl only reads).
No Qt here: the core knows no screen.
"""
