# AXIOM Publisher for Maya 2024 and newer (Python 3.10+): a Maya module description.
# Studio use: put this folder (plugins/maya) on MAYA_MODULE_PATH; the paths below are relative
# to it. `axiom-install install --host maya` writes a copy with absolute paths for one user.
# The module's scripts/ folder (userSetup.py) joins Maya's script path by itself.
+ AXIOM 1.0 .
AXIOM_ROOT:=../..
PYTHONPATH+:=../common
