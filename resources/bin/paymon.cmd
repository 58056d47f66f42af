@echo off
rem `paymon` command of an installed Paymon on Windows: runs the app in CLI mode
rem (src/main/cli-args.ts). Add this folder to PATH to use it from any prompt.
setlocal
"%~dp0..\..\Paymon.exe" --paymon-cli -- %*
exit /b %ERRORLEVEL%
