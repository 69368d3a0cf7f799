@echo off
rem kequn: the workbench command line, run with the system Node (20.19 or newer); see resources\bin\kequn.
node "%~dp0..\app.asar.unpacked\dist\cli\kequn.mjs" %*
