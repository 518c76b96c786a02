<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../ui/case/action_dialog.py" line="125"/>
        <source>Required: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlertModel</name>
    <message>
        <location filename="../ui/dispatch/alerts.py" line="94"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/alerts.py" line="94"/>
        <source>Alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/alerts.py" line="94"/>
        <source>Case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/alerts.py" line="94"/>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlertPanel</name>
    <message>
        <location filename="../ui/dispatch/alerts.py" line="174"/>
        <source>Unacknowledged alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/alerts.py" line="185"/>
        <source>Acknowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/alerts.py" line="187"/>
        <source>Open case</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/dispatch/alerts.py" line="313"/>
        <source>%n alert(s) to acknowledge</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/dispatch/alerts.py" line="315"/>
        <source>No alerts to acknowledge.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Alerts</name>
    <message>
        <location filename="../ui/dispatch/alerts.py" line="57"/>
        <source>Urgent new case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/alerts.py" line="58"/>
        <source>Deadline missed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/alerts.py" line="59"/>
        <source>Escalated to you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/alerts.py" line="62"/>
        <source>the deadline was missed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/alerts.py" line="63"/>
        <source>bounced between units</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaseDetails</name>
    <message>
        <location filename="../ui/case/details.py" line="51"/>
        <source>Tracking number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="56"/>
        <source>SLA countdown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="70"/>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="71"/>
        <source>District</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="72"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="73"/>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="74"/>
        <source>Owner unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="75"/>
        <source>Why this unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="76"/>
        <source>Assignee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="77"/>
        <source>Crew</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="78"/>
        <source>Deadline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="79"/>
        <source>First response due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="80"/>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="81"/>
        <source>Filed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="82"/>
        <source>Transfers back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="83"/>
        <source>Duplicate of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="84"/>
        <source>Reporters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="112"/>
        <source>Needs a lead: bounced between units</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="114"/>
        <source>Needs a lead: deadline missed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="116"/>
        <source>Needs a lead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="121"/>
        <source>Outside Sofia Municipality (triage)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="122"/>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="131"/>
        <source>nobody yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="137"/>
        <source>answered %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="145"/>
        <source>anonymous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="162"/>
        <source>overdue by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="162"/>
        <source>%1 left</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <location filename="../ui/case/view.py" line="70"/>
        <source>Also open by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="73"/>
        <source>Select a case in the queue (Enter opens it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="79"/>
        <source>Thread</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="80"/>
        <source>Crew chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="81"/>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="88"/>
        <source>Triage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="89"/>
        <source>Assign…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="90"/>
        <source>Transfer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="91"/>
        <source>Status…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="92"/>
        <source>Priority…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="93"/>
        <source>Category…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="94"/>
        <source>Duplicate of…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="95"/>
        <location filename="../ui/case/view.py" line="244"/>
        <source>Pause SLA…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="96"/>
        <source>Show reporters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="97"/>
        <source>Dispatch crew…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="244"/>
        <source>Resume SLA…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="261"/>
        <source>This case is no longer visible to you (it moved to another unit).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="288"/>
        <source>Also open by: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="327"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="339"/>
        <source>Person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="342"/>
        <source>Assign %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="353"/>
        <source>To unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="354"/>
        <location filename="../ui/case/view.py" line="382"/>
        <location filename="../ui/case/view.py" line="393"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="357"/>
        <source>Transfer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="363"/>
        <source>New status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="366"/>
        <source>Public note to the citizen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="371"/>
        <source>Status of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="378"/>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="385"/>
        <source>Priority of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="392"/>
        <source>Category (routes again)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="396"/>
        <source>Category of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="406"/>
        <source>Duplicate of (tracking number)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="414"/>
        <source>Merge %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="419"/>
        <source>Resume SLA of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="421"/>
        <source>Waiting for (third party)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="423"/>
        <source>Pause SLA of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="434"/>
        <source>No case with the number %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Changes</name>
    <message>
        <location filename="../ui/case/changes.py" line="12"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/changes.py" line="13"/>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/changes.py" line="14"/>
        <source>Owner unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/changes.py" line="15"/>
        <source>Assignee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/changes.py" line="16"/>
        <source>Crew</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/changes.py" line="17"/>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/changes.py" line="18"/>
        <source>Deadline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/changes.py" line="19"/>
        <source>Description or address edited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/changes.py" line="20"/>
        <source>SLA clock paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/changes.py" line="21"/>
        <source>SLA clock resumed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/changes.py" line="22"/>
        <source>Only its history changed (e.g. a message).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CrewBoard</name>
    <message>
        <location filename="../ui/dispatch/board.py" line="77"/>
        <source>Crew board</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board.py" line="134"/>
        <source>No crews of your units.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board.py" line="136"/>
        <source>Select a case to see its unit&apos;s crews, nearest first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board.py" line="141"/>
        <source>%1: no available crew of its unit on duty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board.py" line="146"/>
        <source>%1: suggested %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board.py" line="151"/>
        <source>(%1 or drag a case onto a crew to dispatch)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board.py" line="155"/>
        <source>Read-only: only a lead dispatches crews.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board.py" line="195"/>
        <source>(stale position)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board.py" line="197"/>
        <source>position unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board.py" line="201"/>
        <source>busy with %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board.py" line="208"/>
        <source>Only a lead dispatches crews.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board.py" line="214"/>
        <source>Select a case first (in the queue or the case view).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board.py" line="217"/>
        <source>%1 is closed: nothing to dispatch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board.py" line="222"/>
        <source>%1: its unit has no crews on the board.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board.py" line="234"/>
        <source>Crew</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board.py" line="235"/>
        <source>Note for the crew</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board.py" line="240"/>
        <source>Dispatch %1 to a crew</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board.py" line="280"/>
        <source>%1 dispatched to %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CrewBoardModel</name>
    <message>
        <location filename="../ui/dispatch/board_model.py" line="320"/>
        <source>no position</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board_model.py" line="334"/>
        <source>on duty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board_model.py" line="335"/>
        <source>on duty until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board_model.py" line="337"/>
        <source>next shift %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board_model.py" line="338"/>
        <source>no shift this week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board_model.py" line="345"/>
        <source>Suggested for %1: the nearest available crew on duty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board_model.py" line="350"/>
        <source>no members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board_model.py" line="351"/>
        <source>Members: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board_model.py" line="354"/>
        <source>Last position: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board_model.py" line="356"/>
        <source>Stale: no position for more than 10 minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board_model.py" line="358"/>
        <source>Next shift: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board_model.py" line="363"/>
        <source>Crew</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board_model.py" line="364"/>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board_model.py" line="365"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board_model.py" line="366"/>
        <source>Case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board_model.py" line="367"/>
        <source>In status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board_model.py" line="368"/>
        <source>Position age</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board_model.py" line="369"/>
        <source>Duty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dispatch/board_model.py" line="370"/>
        <source>Distance</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CrewChat</name>
    <message>
        <location filename="../ui/case/crew_chat.py" line="161"/>
        <source>Crew chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/crew_chat.py" line="169"/>
        <source>Message to the crew… (Ctrl+Enter sends)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/crew_chat.py" line="170"/>
        <source>Message to the crew</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/crew_chat.py" line="173"/>
        <source>Send to crew</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/crew_chat.py" line="174"/>
        <source>Publish to citizen…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/crew_chat.py" line="176"/>
        <source>Publish the selected crew message (else the crew&apos;s newest) as a public update</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/crew_chat.py" line="286"/>
        <source>No crew is dispatched to this case.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/crew_chat.py" line="289"/>
        <source>Crew: %1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/crew_chat.py" line="336"/>
        <source>Write something first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/crew_chat.py" line="363"/>
        <source>No crew message to publish yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/crew_chat.py" line="366"/>
        <source>Public text for the citizen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/crew_chat.py" line="367"/>
        <source>Publish to the citizen: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CrewChatModel</name>
    <message>
        <location filename="../ui/case/crew_chat.py" line="110"/>
        <source>read by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/crew_chat.py" line="117"/>
        <source>Read by %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Deadline</name>
    <message>
        <location filename="../ui/timefmt.py" line="37"/>
        <source>1 day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timefmt.py" line="37"/>
        <source>%1 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timefmt.py" line="38"/>
        <source>1 hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timefmt.py" line="38"/>
        <source>%1 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timefmt.py" line="39"/>
        <source>1 minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timefmt.py" line="39"/>
        <source>%1 minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timefmt.py" line="71"/>
        <source>%1, %2 at %3 (in %4)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Duration</name>
    <message>
        <location filename="../ui/timefmt.py" line="27"/>
        <source>d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timefmt.py" line="27"/>
        <source>h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timefmt.py" line="27"/>
        <source>m</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../ui/errors.py" line="26"/>
        <source>The server cannot be reached. Check the connection and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/errors.py" line="27"/>
        <source>Your session has ended. Log in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/errors.py" line="28"/>
        <source>Not allowed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/errors.py" line="29"/>
        <source>Not found: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/errors.py" line="30"/>
        <source>Someone else changed this case meanwhile. It was reloaded; check and confirm again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/errors.py" line="33"/>
        <source>Please correct: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/errors.py" line="34"/>
        <source>Not possible now: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/errors.py" line="35"/>
        <source>The server had a problem (%1). Try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/errors.py" line="36"/>
        <source>Unexpected error: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IntakePanel</name>
    <message>
        <location filename="../ui/intake/panel.py" line="120"/>
        <source>Caller&apos;s phone number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="125"/>
        <source>Caller&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="127"/>
        <source>Caller&apos;s email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="128"/>
        <source>Anon&amp;ymous report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="129"/>
        <source>Anonymous report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="131"/>
        <location filename="../ui/intake/panel.py" line="185"/>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="132"/>
        <source>дупка, клон, кола на тротоара…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="137"/>
        <source>Location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="138"/>
        <source>Address, place or coordinates (42.69, 23.32)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="139"/>
        <source>Pick on map (Ctrl+M)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="140"/>
        <source>Click the place on the map; Esc cancels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="147"/>
        <location filename="../ui/intake/panel.py" line="194"/>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="149"/>
        <source>What the caller reports, in their words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="152"/>
        <source>Add ph&amp;otos…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="154"/>
        <source>Photos (Delete removes one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="160"/>
        <source>Send the tracking number by &amp;SMS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="161"/>
        <source>… and by e&amp;mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="162"/>
        <source>File the report (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="166"/>
        <source>New report (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="184"/>
        <source>Earlier cases of this caller (Enter adds the call, Space opens)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="185"/>
        <location filename="../ui/intake/panel.py" line="190"/>
        <source>Number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="185"/>
        <location filename="../ui/intake/panel.py" line="192"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="185"/>
        <location filename="../ui/intake/panel.py" line="193"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="185"/>
        <source>Filed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="188"/>
        <source>Possible duplicates nearby (Ctrl+D adds the call to the highlighted one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="191"/>
        <source>Distance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="201"/>
        <source>&amp;Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="203"/>
        <source>N&amp;ame</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="204"/>
        <source>&amp;Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="207"/>
        <source>&amp;Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="216"/>
        <source>&amp;Location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="217"/>
        <source>&amp;Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="223"/>
        <source>Photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="228"/>
        <source>Notify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="293"/>
        <source>&amp;Restore it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="295"/>
        <source>Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="359"/>
        <source>⚠ This does not look like a valid number; check it with the caller.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="404"/>
        <source>%1  (from the description)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="446"/>
        <source>Address search is not available (%1); the address is kept as typed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="459"/>
        <source>No such place in Sofia&apos;s gazetteer; Enter keeps the address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="467"/>
        <source>outside Sofia</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="506"/>
        <source>No map point: the case goes to triage for a place.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="512"/>
        <source>⚠ This point is outside Sofia Municipality: the case goes to triage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="519"/>
        <source>District %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="544"/>
        <source>The district will be set by the server (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="575"/>
        <source>Suggested: %1 — Enter in Category takes it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="582"/>
        <source>Photos from the caller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="584"/>
        <source>Images (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="615"/>
        <source>(from the photo&apos;s GPS position)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="682"/>
        <source>%1 m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="748"/>
        <source>Filed %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="752"/>
        <source>The report is queued and will be sent when the server is back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="796"/>
        <source>The server cannot be reached, so the call cannot be added to a case now. File it as a new report (Ctrl+Enter): it is kept and sent later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="806"/>
        <source>The call was added to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="852"/>
        <source>Choose a category (type a word, Enter takes the top match).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="853"/>
        <source>Describe the problem in the caller&apos;s words.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="854"/>
        <source>This is not an email address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="858"/>
        <source>An SMS needs a valid phone number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="860"/>
        <source>An email needs the caller&apos;s email address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="863"/>
        <source>A photo is no longer there: remove it or add it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="865"/>
        <source>Too long: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="950"/>
        <source>An unfinished report from %1 was found (%2). Restore it?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../ui/labels.py" line="14"/>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="15"/>
        <source>Triaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="16"/>
        <location filename="../ui/labels.py" line="69"/>
        <source>Assigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="17"/>
        <source>In progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="18"/>
        <source>Resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="19"/>
        <source>Reopened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="20"/>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="21"/>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="22"/>
        <source>Duplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="25"/>
        <source>Low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="26"/>
        <source>Normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="27"/>
        <source>High</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="28"/>
        <source>Urgent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="31"/>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="32"/>
        <source>App</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="33"/>
        <source>Portal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="34"/>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="35"/>
        <source>Facebook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="36"/>
        <source>Open311</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="39"/>
        <source>On time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="40"/>
        <source>Due soon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="41"/>
        <source>Overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="42"/>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="43"/>
        <source>Met</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="44"/>
        <source>Breached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="47"/>
        <source>Public</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="48"/>
        <source>Internal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="49"/>
        <source>Crew</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="52"/>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="53"/>
        <source>Team lead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="54"/>
        <source>Unit staff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="55"/>
        <source>Responder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="56"/>
        <source>Administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="59"/>
        <source>Wrong category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="60"/>
        <source>Wrong district</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="61"/>
        <source>Not within the unit&apos;s competence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="62"/>
        <source>Another unit owns the asset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="63"/>
        <source>Needs a specialised unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="64"/>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="67"/>
        <source>Case filed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="68"/>
        <source>Case changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="70"/>
        <source>Transferred</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="71"/>
        <source>Status changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="72"/>
        <source>Merged as duplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="73"/>
        <source>Duplicate attached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="74"/>
        <source>SLA clock paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="75"/>
        <source>SLA clock resumed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="76"/>
        <source>First response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="77"/>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="78"/>
        <source>Reporters&apos; data viewed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="79"/>
        <source>Crew dispatched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="80"/>
        <source>Crew left the case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="81"/>
        <source>Deadline near</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="82"/>
        <source>Deadline missed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="83"/>
        <source>Escalated to a lead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="84"/>
        <source>Alert acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="85"/>
        <source>Crew status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="86"/>
        <source>Crew message published</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Login</name>
    <message>
        <location filename="../ui/app.py" line="169"/>
        <source>Wrong user name or password.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../ui/login_dialog.py" line="27"/>
        <source>Call Sofia — log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/login_dialog.py" line="29"/>
        <location filename="../ui/login_dialog.py" line="41"/>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/login_dialog.py" line="31"/>
        <location filename="../ui/login_dialog.py" line="42"/>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/login_dialog.py" line="34"/>
        <location filename="../ui/login_dialog.py" line="43"/>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/login_dialog.py" line="35"/>
        <source>Remember me on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/login_dialog.py" line="50"/>
        <source>No system keyring is available, so the login is kept for this session only: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/main_window.py" line="54"/>
        <source>Call Sofia Dispatcher</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="54"/>
        <location filename="../ui/main_window.py" line="142"/>
        <source>DEMO</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="75"/>
        <source>Queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="78"/>
        <source>Case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="83"/>
        <source>Crews</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="88"/>
        <location filename="../ui/main_window.py" line="278"/>
        <source>Alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="93"/>
        <source>Phone intake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="99"/>
        <source>Map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="139"/>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="146"/>
        <source>Embedded demo server with Sofia demo data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="160"/>
        <source>● Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="161"/>
        <source>● Reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="162"/>
        <source>● Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="171"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="172"/>
        <source>&amp;New phone report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="177"/>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="180"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="184"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="191"/>
        <location filename="../ui/main_window.py" line="227"/>
        <source>Go to the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="195"/>
        <location filename="../ui/main_window.py" line="235"/>
        <source>Go to the crew board</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="199"/>
        <source>&amp;Crews</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="200"/>
        <source>&amp;Dispatch the case to a crew…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="205"/>
        <source>&amp;Acknowledge the alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="209"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="210"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="217"/>
        <source>New phone report (intake)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="218"/>
        <source>Intake: add the call to the highlighted duplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="219"/>
        <source>Intake: pick the location on the map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="220"/>
        <source>Move in the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="221"/>
        <source>Open the selected case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="222"/>
        <source>Filter the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="225"/>
        <source>Queue views: all open, new, my unit, assigned to me, due soon, overdue, all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="228"/>
        <source>Triage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="229"/>
        <source>Assign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="230"/>
        <source>Transfer to another unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="231"/>
        <source>Change status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="232"/>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="233"/>
        <source>Category (routes again)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="234"/>
        <source>Mark as duplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="236"/>
        <source>Dispatch the case to the crew selected on the board (leads)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="237"/>
        <source>Crew chat: publish the selected crew message to the citizen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="238"/>
        <source>Acknowledge the selected alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="239"/>
        <source>Send the message / file the intake report / confirm a dialog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="302"/>
        <source>A queued report was delivered: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="240"/>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="247"/>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Map</name>
    <message>
        <location filename="../ui/map/crews.py" line="17"/>
        <source>Off duty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/crews.py" line="18"/>
        <source>Available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/crews.py" line="19"/>
        <source>En route</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/crews.py" line="20"/>
        <source>On site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/crews.py" line="48"/>
        <source>position time unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/crews.py" line="51"/>
        <source>position %n min old</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MapView</name>
    <message>
        <location filename="../ui/map/view.py" line="156"/>
        <source>Map of cases and crews</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/view.py" line="212"/>
        <source>The map is not available: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/view.py" line="237"/>
        <source>Cases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/view.py" line="238"/>
        <source>Crews</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/view.py" line="239"/>
        <source>Districts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/view.py" line="240"/>
        <source>Map tiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/map/view.py" line="241"/>
        <source>Click the map to set the location — Esc cancels</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OutboxBadge</name>
    <message>
        <location filename="../ui/intake/outbox_view.py" line="126"/>
        <source>Reports not sent yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/outbox_view.py" line="132"/>
        <source>⧗ %1 pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/outbox_view.py" line="134"/>
        <source>✗ %1 refused</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OutboxStrip</name>
    <message>
        <location filename="../ui/intake/outbox_view.py" line="38"/>
        <source>Reports not sent yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/outbox_view.py" line="40"/>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/outbox_view.py" line="40"/>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/outbox_view.py" line="40"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/outbox_view.py" line="40"/>
        <source>Since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/outbox_view.py" line="40"/>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/outbox_view.py" line="82"/>
        <source>%1 tries: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/outbox_view.py" line="90"/>
        <source>⧗ Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/outbox_view.py" line="90"/>
        <source>✗ Refused — Enter to fix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/outbox_view.py" line="102"/>
        <source>Not on the server yet: %1 pending, %2 refused</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../ui/queue/model.py" line="248"/>
        <source>Also open by: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="587"/>
        <source>Number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="588"/>
        <source>SLA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="589"/>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="590"/>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="591"/>
        <source>District</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="592"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="593"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="594"/>
        <source>Owner unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="595"/>
        <source>Assignee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="596"/>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="597"/>
        <source>Age</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QueueWidget</name>
    <message>
        <location filename="../ui/queue/widget.py" line="48"/>
        <source>Queue view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/widget.py" line="52"/>
        <source>Filter: number, address, text, unit… (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/widget.py" line="54"/>
        <source>Queue filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/widget.py" line="73"/>
        <source>Case queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/widget.py" line="113"/>
        <source>All open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/widget.py" line="114"/>
        <source>New / untriaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/widget.py" line="115"/>
        <source>My unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/widget.py" line="116"/>
        <source>Assigned to me</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/widget.py" line="117"/>
        <source>Due soon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/widget.py" line="118"/>
        <source>Overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/queue/widget.py" line="119"/>
        <source>All loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/queue/widget.py" line="161"/>
        <source>%n case(s)</source>
        <translation>
            <numerusform>%n case</numerusform>
            <numerusform>%n cases</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ResultView</name>
    <message>
        <location filename="../ui/intake/result.py" line="27"/>
        <source>Tracking number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/result.py" line="36"/>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/result.py" line="37"/>
        <source>Copy the tracking number (Ctrl+Shift+C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/result.py" line="41"/>
        <source>Owner unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/result.py" line="45"/>
        <source>Deadline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/result.py" line="63"/>
        <source>The caller now follows this case:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/result.py" line="63"/>
        <source>Filed. Tracking number:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/result.py" line="68"/>
        <source>Responsible: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/result.py" line="72"/>
        <source>Deadline: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/result.py" line="81"/>
        <source>Saved, not sent yet: the server cannot be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/result.py" line="82"/>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/intake/result.py" line="86"/>
        <source>The report is safe on this computer and will be sent automatically. Its tracking number appears here and in the pending list as soon as the server has it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../ui/settings_dialog.py" line="24"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="30"/>
        <location filename="../ui/settings_dialog.py" line="45"/>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="32"/>
        <source>empty: embedded demo server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="33"/>
        <location filename="../ui/settings_dialog.py" line="46"/>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="35"/>
        <source>empty: no tiles, districts on a plain background</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="37"/>
        <source>A {z}/{x}/{y} tile URL, e.g. the municipal tile server. Default: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="41"/>
        <location filename="../ui/settings_dialog.py" line="47"/>
        <source>Map tiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="43"/>
        <location filename="../ui/settings_dialog.py" line="48"/>
        <source>Map tile attribution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="49"/>
        <source>Changes take effect the next time the console starts.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../ui/app.py" line="122"/>
        <source>starting the embedded demo server…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ThreadPanel</name>
    <message>
        <location filename="../ui/case/thread.py" line="41"/>
        <source>No messages yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/thread.py" line="69"/>
        <source>Case thread</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/thread.py" line="71"/>
        <source>Message visibility</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/thread.py" line="75"/>
        <source>Write a message… (Ctrl+Enter sends)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/thread.py" line="76"/>
        <source>Message text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/thread.py" line="79"/>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/thread.py" line="86"/>
        <source>Visible to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/thread.py" line="117"/>
        <source>Write something first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TimelineList</name>
    <message>
        <location filename="../ui/case/timeline.py" line="59"/>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/timeline.py" line="59"/>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/timeline.py" line="59"/>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/timeline.py" line="59"/>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/case/timeline.py" line="62"/>
        <source>Case timeline</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
