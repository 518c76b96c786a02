<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../ui/case/action_dialog.py" line="113"/>
        <source>Required: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaseDetails</name>
    <message>
        <location filename="../ui/case/details.py" line="37"/>
        <source>Tracking number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="40"/>
        <source>SLA countdown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="53"/>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="53"/>
        <source>District</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="53"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="54"/>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="54"/>
        <source>Owner unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="55"/>
        <source>Why this unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="55"/>
        <source>Assignee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="55"/>
        <source>Deadline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="56"/>
        <source>First response due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="56"/>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="57"/>
        <source>Filed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="57"/>
        <source>Transfers back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="58"/>
        <source>Duplicate of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="58"/>
        <source>Reporters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="75"/>
        <source>Needs a lead: bounced between units</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="80"/>
        <source>Outside Sofia Municipality (triage)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="81"/>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="88"/>
        <source>nobody yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="91"/>
        <source>answered %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="97"/>
        <source>anonymous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="114"/>
        <source>overdue by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="114"/>
        <source>%1 left</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <location filename="../ui/case/view.py" line="45"/>
        <source>Select a case in the queue (Enter opens it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="50"/>
        <source>Thread</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="51"/>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="57"/>
        <source>Triage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="57"/>
        <source>Assign…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="58"/>
        <source>Transfer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="58"/>
        <source>Status…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="59"/>
        <source>Priority…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="59"/>
        <source>Category…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="60"/>
        <source>Duplicate of…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="60"/>
        <location filename="../ui/case/view.py" line="160"/>
        <source>Pause SLA…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="61"/>
        <source>Show reporters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="160"/>
        <source>Resume SLA…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="174"/>
        <source>This case is no longer visible to you (it moved to another unit).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="207"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="213"/>
        <source>Person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="214"/>
        <source>Assign %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="220"/>
        <source>To unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="220"/>
        <location filename="../ui/case/view.py" line="233"/>
        <location filename="../ui/case/view.py" line="239"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="222"/>
        <source>Transfer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="226"/>
        <source>New status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="227"/>
        <source>Public note to the citizen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="229"/>
        <source>Status of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="232"/>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="234"/>
        <source>Priority of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="238"/>
        <source>Category (routes again)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="240"/>
        <source>Category of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="243"/>
        <source>Duplicate of (tracking number)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="245"/>
        <source>Merge %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="248"/>
        <source>Resume SLA of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="250"/>
        <source>Waiting for (third party)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="251"/>
        <source>Pause SLA of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="262"/>
        <source>No case with the number %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Duration</name>
    <message>
        <location filename="../ui/queue/rows.py" line="90"/>
        <source>d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/rows.py" line="90"/>
        <source>h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/rows.py" line="90"/>
        <source>m</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Login</name>
    <message>
        <location filename="../ui/app.py" line="127"/>
        <source>Wrong user name or password.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../ui/login_dialog.py" line="14"/>
        <source>Call Sofia — log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/login_dialog.py" line="16"/>
        <location filename="../ui/login_dialog.py" line="28"/>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/login_dialog.py" line="18"/>
        <location filename="../ui/login_dialog.py" line="29"/>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/login_dialog.py" line="21"/>
        <location filename="../ui/login_dialog.py" line="30"/>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/login_dialog.py" line="22"/>
        <source>Remember me on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/login_dialog.py" line="35"/>
        <source>No system keyring is available, so the login is kept for this session only: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/main_window.py" line="32"/>
        <source>Call Sofia Dispatcher</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="32"/>
        <location filename="../ui/main_window.py" line="63"/>
        <source>DEMO</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="40"/>
        <source>Queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="41"/>
        <source>Case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="60"/>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="65"/>
        <source>Embedded demo server with Sofia demo data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="75"/>
        <source>● Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="76"/>
        <source>● Reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="77"/>
        <source>● Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="84"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="85"/>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="88"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="92"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="95"/>
        <location filename="../ui/main_window.py" line="110"/>
        <source>Go to the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="99"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="100"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="107"/>
        <source>Move in the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="107"/>
        <source>Open the selected case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="108"/>
        <source>Filter the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="108"/>
        <source>Queue views: all open, new, my unit, assigned to me, due soon, overdue, all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="110"/>
        <source>Triage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="111"/>
        <source>Assign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="111"/>
        <source>Transfer to another unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="112"/>
        <source>Change status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="112"/>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="113"/>
        <source>Category (routes again)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="113"/>
        <source>Mark as duplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="114"/>
        <source>Send the message / confirm a dialog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="114"/>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="119"/>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../ui/queue/model.py" line="338"/>
        <source>Number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="338"/>
        <source>SLA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="338"/>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="338"/>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="338"/>
        <source>District</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="339"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="339"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="339"/>
        <source>Owner unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="339"/>
        <source>Assignee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="339"/>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="340"/>
        <source>Age</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueueWidget</name>
    <message>
        <location filename="../ui/queue/widget.py" line="38"/>
        <source>Queue view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/widget.py" line="42"/>
        <source>Filter: number, address, text, unit… (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/widget.py" line="44"/>
        <source>Queue filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/widget.py" line="63"/>
        <source>Case queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/widget.py" line="97"/>
        <source>All open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/widget.py" line="97"/>
        <source>New / untriaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/widget.py" line="97"/>
        <source>My unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/widget.py" line="98"/>
        <source>Assigned to me</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/widget.py" line="98"/>
        <source>Due soon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/widget.py" line="99"/>
        <source>Overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/widget.py" line="99"/>
        <source>All loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/queue/widget.py" line="141"/>
        <source>%n case(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../ui/settings_dialog.py" line="13"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="19"/>
        <location filename="../ui/settings_dialog.py" line="24"/>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="21"/>
        <source>empty: embedded demo server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="22"/>
        <location filename="../ui/settings_dialog.py" line="25"/>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="26"/>
        <source>Changes take effect the next time the console starts.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../ui/app.py" line="90"/>
        <source>starting the embedded demo server…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ThreadPanel</name>
    <message>
        <location filename="../ui/case/thread.py" line="32"/>
        <source>No messages yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/thread.py" line="58"/>
        <source>Case thread</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/thread.py" line="60"/>
        <source>Message visibility</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/thread.py" line="64"/>
        <source>Write a message… (Ctrl+Enter sends)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/thread.py" line="65"/>
        <source>Message text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/thread.py" line="68"/>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/thread.py" line="75"/>
        <source>Visible to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/thread.py" line="96"/>
        <source>Write something first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TimelineList</name>
    <message>
        <location filename="../ui/case/timeline.py" line="50"/>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/timeline.py" line="50"/>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/timeline.py" line="50"/>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/timeline.py" line="50"/>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/timeline.py" line="53"/>
        <source>Case timeline</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
