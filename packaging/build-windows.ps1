# Build the Windows bundle: dist\gloss\ (gloss.exe for the terminal, gloss-gui.exe for the
# Start menu) and dist\gloss-<version>-windows-x64.zip. Run from any folder in PowerShell:
#
#   powershell -ExecutionPolicy Bypass -File packaging\build-windows.ps1
#   $env:PYTHON = ".venv\Scripts\python.exe"; packaging\build-windows.ps1   # existing env
#
# Needs Python 3.11+ from python.org (with the py launcher) and nothing else.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")

$python = $env:PYTHON
if (-not $python) {
    py -3 -m venv build\venv
    $python = "build\venv\Scripts\python.exe"
}
& $python -m pip install -q --disable-pip-version-check -e ".[packaging]"
if ($LASTEXITCODE -ne 0) { throw "pip install failed" }

$version = & $python -c "import desktop; print(desktop.__version__)"
$env:GLOSS_VERSION = $version
$started = Get-Date
& $python -m PyInstaller --noconfirm --clean --log-level WARN `
    --distpath dist --workpath build\pyinstaller packaging\gloss.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }
$seconds = [int]((Get-Date) - $started).TotalSeconds

# The bundle must pass its own check before it is shipped.
$env:QT_QPA_PLATFORM = "offscreen"
& dist\gloss\gloss.exe --self-test
if ($LASTEXITCODE -ne 0) { throw "the bundle's self-test failed" }
Remove-Item Env:QT_QPA_PLATFORM

$archive = "dist\gloss-$version-windows-x64.zip"
if (Test-Path $archive) { Remove-Item $archive }
Compress-Archive -Path dist\gloss -DestinationPath $archive
$folder = (Get-ChildItem dist\gloss -Recurse | Measure-Object -Property Length -Sum).Sum
Write-Host ("built dist\gloss in {0} s: {1:N0} MB folder, {2:N0} MB {3}" -f `
    $seconds, ($folder / 1MB), ((Get-Item $archive).Length / 1MB), $archive)
