Attribute VB_Name = "Prognos"
' The Prognos ribbon for desktop Excel: the onAction callbacks of customUI14.xml.
' Needs the xlwings add-in (xlwings addin install) and a Python with Prognos installed;
'' see docs/desktop.md. Each button runs the same Python macro as the Office.js add-in.
' This file is ASCII with CRLF line ends, as the VBA editor imports it on every Windows
' code page (.gitattributes keeps it so); Swedish letters are written with ChrW.
Option Explicit

Public Sub Prognos_Uppdatera(control As IRibbonControl)
    RunPython "from addin.desktop import macros; macros.uppdatera_prognos()"
End Sub

Public Sub Prognos_Validera(control As IRibbonControl)
    RunPython "from addin.desktop import macros; macros.validera()"
End Sub

Public Sub Prognos_Aterrapportering(control As IRibbonControl)
    RunPython "from addin.desktop import macros; macros.aterrapportering()"
End Sub

Public Sub Prognos_Inskickade(control As IRibbonControl)
    Dim mapp As String
    With Application.FileDialog(msoFileDialogFolderPicker)
        .Title = "V" & ChrW(228) & "lj mappen med inskickade arbetsb" & ChrW(246) & "cker"
        If .Show <> -1 Then Exit Sub
        mapp = .SelectedItems(1)
    End With
    ' A Python string literal: backslashes and quotes escaped.
    mapp = Replace(Replace(mapp, "\", "\\"), "'", "\'")
    RunPython "from addin.desktop import macros; macros.validera_inskickade('" & mapp & "')"
End Sub
