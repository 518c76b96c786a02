<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="bg_BG">
<context>
    <name />
    <message>
        <location filename="../ui/map/view.py" line="235" />
        <source>Crews</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/map/view.py" line="236" />
        <source>Districts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/map/view.py" line="237" />
        <source>Map tiles</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/map/view.py" line="238" />
        <source>Click the map to set the location — Esc cancels</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../ui/case/action_dialog.py" line="125" />
        <source>Required: %1</source>
        <translation>Задължително: %1</translation>
    </message>
</context>
<context>
    <name>CaseDetails</name>
    <message>
        <location filename="../ui/case/details.py" line="50" />
        <source>Tracking number</source>
        <translation>Номер на сигнала</translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="55" />
        <source>SLA countdown</source>
        <translation>Оставащо време</translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="68" />
        <source>Category</source>
        <translation>Категория</translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="69" />
        <source>District</source>
        <translation>Район</translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="70" />
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="71" />
        <source>Description</source>
        <translation>Описание</translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="72" />
        <source>Owner unit</source>
        <translation>Отговорно звено</translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="73" />
        <source>Why this unit</source>
        <translation>Защо това звено</translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="74" />
        <source>Assignee</source>
        <translation>Изпълнител</translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="75" />
        <source>Deadline</source>
        <translation>Срок</translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="76" />
        <source>First response due</source>
        <translation>Срок за първи отговор</translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="77" />
        <source>Channel</source>
        <translation>Канал</translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="78" />
        <source>Filed</source>
        <translation>Подаден</translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="79" />
        <source>Transfers back</source>
        <translation>Връщания</translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="80" />
        <source>Duplicate of</source>
        <translation>Дубликат на</translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="81" />
        <source>Reporters</source>
        <translation>Податели</translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="98" />
        <source>Needs a lead: bounced between units</source>
        <translation>За ръководител: прехвърлян между звена</translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="103" />
        <source>Outside Sofia Municipality (triage)</source>
        <translation>Извън Столична община (триаж)</translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="104" />
        <source>unknown</source>
        <translation>неизвестен</translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="113" />
        <source>nobody yet</source>
        <translation>все още никой</translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="118" />
        <source>answered %1</source>
        <translation>отговорено %1</translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="126" />
        <source>anonymous</source>
        <translation>анонимен</translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="143" />
        <source>overdue by %1</source>
        <translation>просрочен с %1</translation>
    </message>
    <message>
        <location filename="../ui/case/details.py" line="143" />
        <source>%1 left</source>
        <translation>остават %1</translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <location filename="../ui/case/view.py" line="54" />
        <source>Select a case in the queue (Enter opens it).</source>
        <translation>Изберете сигнал от опашката (Enter го отваря).</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="59" />
        <source>Thread</source>
        <translation>Кореспонденция</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="60" />
        <source>Timeline</source>
        <translation>История</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="67" />
        <source>Triage</source>
        <translation>Триаж</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="68" />
        <source>Assign…</source>
        <translation>Възложи…</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="69" />
        <source>Transfer…</source>
        <translation>Прехвърли…</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="70" />
        <source>Status…</source>
        <translation>Статус…</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="71" />
        <source>Priority…</source>
        <translation>Приоритет…</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="72" />
        <source>Category…</source>
        <translation>Категория…</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="73" />
        <source>Duplicate of…</source>
        <translation>Дубликат на…</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="74" />
        <location filename="../ui/case/view.py" line="180" />
        <source>Pause SLA…</source>
        <translation>Спри срока…</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="75" />
        <source>Show reporters</source>
        <translation>Покажи подателите</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="180" />
        <source>Resume SLA…</source>
        <translation>Поднови срока…</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="195" />
        <source>This case is no longer visible to you (it moved to another unit).</source>
        <translation>Този сигнал вече не е видим за вас (премина в друго звено).</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="229" />
        <source>Note</source>
        <translation>Бележка</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="241" />
        <source>Person</source>
        <translation>Служител</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="244" />
        <source>Assign %1</source>
        <translation>Възлагане на %1</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="255" />
        <source>To unit</source>
        <translation>Към звено</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="256" />
        <location filename="../ui/case/view.py" line="284" />
        <location filename="../ui/case/view.py" line="295" />
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="259" />
        <source>Transfer %1</source>
        <translation>Прехвърляне на %1</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="265" />
        <source>New status</source>
        <translation>Нов статус</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="268" />
        <source>Public note to the citizen</source>
        <translation>Публична бележка към гражданина</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="273" />
        <source>Status of %1</source>
        <translation>Статус на %1</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="280" />
        <source>Priority</source>
        <translation>Приоритет</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="287" />
        <source>Priority of %1</source>
        <translation>Приоритет на %1</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="294" />
        <source>Category (routes again)</source>
        <translation>Категория (пренасочва отново)</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="298" />
        <source>Category of %1</source>
        <translation>Категория на %1</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="308" />
        <source>Duplicate of (tracking number)</source>
        <translation>Дубликат на (номер на сигнал)</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="316" />
        <source>Merge %1</source>
        <translation>Обединяване на %1</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="321" />
        <source>Resume SLA of %1</source>
        <translation>Подновяване на срока на %1</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="323" />
        <source>Waiting for (third party)</source>
        <translation>Чака се (трета страна)</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="325" />
        <source>Pause SLA of %1</source>
        <translation>Спиране на срока на %1</translation>
    </message>
    <message>
        <location filename="../ui/case/view.py" line="336" />
        <source>No case with the number %1</source>
        <translation>Няма сигнал с номер %1</translation>
    </message>
</context>
<context>
    <name>Changes</name>
    <message>
        <location filename="../ui/case/changes.py" line="12" />
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <location filename="../ui/case/changes.py" line="13" />
        <source>Priority</source>
        <translation>Приоритет</translation>
    </message>
    <message>
        <location filename="../ui/case/changes.py" line="14" />
        <source>Owner unit</source>
        <translation>Отговорно звено</translation>
    </message>
    <message>
        <location filename="../ui/case/changes.py" line="15" />
        <source>Assignee</source>
        <translation>Изпълнител</translation>
    </message>
    <message>
        <location filename="../ui/case/changes.py" line="16" />
        <source>Category</source>
        <translation>Категория</translation>
    </message>
    <message>
        <location filename="../ui/case/changes.py" line="17" />
        <source>Deadline</source>
        <translation>Срок</translation>
    </message>
    <message>
        <location filename="../ui/case/changes.py" line="18" />
        <source>Description or address edited</source>
        <translation>Редактирани описание или адрес</translation>
    </message>
    <message>
        <location filename="../ui/case/changes.py" line="19" />
        <source>SLA clock paused</source>
        <translation>Срокът е спрян</translation>
    </message>
    <message>
        <location filename="../ui/case/changes.py" line="20" />
        <source>SLA clock resumed</source>
        <translation>Срокът е подновен</translation>
    </message>
    <message>
        <location filename="../ui/case/changes.py" line="21" />
        <source>Only its history changed (e.g. a message).</source>
        <translation>Променена е само историята му (напр. съобщение).</translation>
    </message>
</context>
<context>
    <name>Deadline</name>
    <message>
        <location filename="../ui/timefmt.py" line="37" />
        <source>1 day</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/timefmt.py" line="37" />
        <source>%1 days</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/timefmt.py" line="38" />
        <source>1 hour</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/timefmt.py" line="38" />
        <source>%1 hours</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/timefmt.py" line="39" />
        <source>1 minute</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/timefmt.py" line="39" />
        <source>%1 minutes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/timefmt.py" line="71" />
        <source>%1, %2 at %3 (in %4)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Duration</name>
    <message>
        <location filename="../ui/timefmt.py" line="27" />
        <source>d</source>
        <translation>д</translation>
    </message>
    <message>
        <location filename="../ui/timefmt.py" line="27" />
        <source>h</source>
        <translation>ч</translation>
    </message>
    <message>
        <location filename="../ui/timefmt.py" line="27" />
        <source>m</source>
        <translation>м</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../ui/errors.py" line="26" />
        <source>The server cannot be reached. Check the connection and try again.</source>
        <translation>Няма връзка със сървъра. Проверете връзката и опитайте отново.</translation>
    </message>
    <message>
        <location filename="../ui/errors.py" line="27" />
        <source>Your session has ended. Log in again.</source>
        <translation>Сесията ви изтече. Влезте отново.</translation>
    </message>
    <message>
        <location filename="../ui/errors.py" line="28" />
        <source>Not allowed: %1</source>
        <translation>Не е разрешено: %1</translation>
    </message>
    <message>
        <location filename="../ui/errors.py" line="29" />
        <source>Not found: %1</source>
        <translation>Не е намерено: %1</translation>
    </message>
    <message>
        <location filename="../ui/errors.py" line="30" />
        <source>Someone else changed this case meanwhile. It was reloaded; check and confirm again.</source>
        <translation>Някой друг промени сигнала междувременно. Той е презареден; проверете и потвърдете отново.</translation>
    </message>
    <message>
        <location filename="../ui/errors.py" line="33" />
        <source>Please correct: %1</source>
        <translation>Моля, коригирайте: %1</translation>
    </message>
    <message>
        <location filename="../ui/errors.py" line="34" />
        <source>Not possible now: %1</source>
        <translation>Не е възможно сега: %1</translation>
    </message>
    <message>
        <location filename="../ui/errors.py" line="35" />
        <source>The server had a problem (%1). Try again in a moment.</source>
        <translation>Проблем в сървъра (%1). Опитайте отново след малко.</translation>
    </message>
    <message>
        <location filename="../ui/errors.py" line="36" />
        <source>Unexpected error: %1</source>
        <translation>Неочаквана грешка: %1</translation>
    </message>
</context>
<context>
    <name>IntakePanel</name>
    <message>
        <location filename="../ui/intake/panel.py" line="120" />
        <source>Caller's phone number</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="125" />
        <source>Caller's name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="127" />
        <source>Caller's email</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="128" />
        <source>Anon&amp;ymous report</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="129" />
        <source>Anonymous report</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="131" />
        <location filename="../ui/intake/panel.py" line="185" />
        <source>Category</source>
        <translation type="unfinished">Категория</translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="132" />
        <source>дупка, клон, кола на тротоара…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="137" />
        <source>Location</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="138" />
        <source>Address, place or coordinates (42.69, 23.32)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="139" />
        <source>Pick on map (Ctrl+M)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="140" />
        <source>Click the place on the map; Esc cancels</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="147" />
        <location filename="../ui/intake/panel.py" line="189" />
        <source>Description</source>
        <translation type="unfinished">Описание</translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="149" />
        <source>What the caller reports, in their words</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="152" />
        <source>Add ph&amp;otos…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="154" />
        <source>Photos (Delete removes one)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="160" />
        <source>Send the tracking number by &amp;SMS</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="161" />
        <source>… and by e&amp;mail</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="162" />
        <source>File the report (Ctrl+Enter)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="166" />
        <source>New report (Ctrl+N)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="184" />
        <source>Earlier cases of this caller (Enter adds the call, Space opens)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="185" />
        <location filename="../ui/intake/panel.py" line="189" />
        <source>Number</source>
        <translation type="unfinished">Номер</translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="185" />
        <location filename="../ui/intake/panel.py" line="189" />
        <source>Status</source>
        <translation type="unfinished">Статус</translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="185" />
        <location filename="../ui/intake/panel.py" line="189" />
        <source>Address</source>
        <translation type="unfinished">Адрес</translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="185" />
        <source>Filed</source>
        <translation type="unfinished">Подаден</translation>
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="188" />
        <source>Possible duplicates nearby (Ctrl+D adds the call to the highlighted one)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="189" />
        <source>Distance</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="195" />
        <source>&amp;Phone</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="197" />
        <source>N&amp;ame</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="198" />
        <source>&amp;Email</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="201" />
        <source>&amp;Category</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="211" />
        <source>&amp;Location</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="213" />
        <source>&amp;Description</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="219" />
        <source>Photos</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="224" />
        <source>Notify</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="289" />
        <source>&amp;Restore it</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="291" />
        <source>Discard</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="357" />
        <source>⚠ This does not look like a valid number; check it with the caller.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="400" />
        <source>%1  (from the description)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="442" />
        <source>Address search is not available (%1); the address is kept as typed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="454" />
        <source>No such place in Sofia's gazetteer; Enter keeps the address.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="461" />
        <source>outside Sofia</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="500" />
        <source>No map point: the case goes to triage for a place.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="506" />
        <source>⚠ This point is outside Sofia Municipality: the case goes to triage.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="513" />
        <source>District %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="538" />
        <source>The district will be set by the server (%1).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="569" />
        <source>Suggested: %1 — Enter in Category takes it</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="576" />
        <source>Photos from the caller</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="578" />
        <source>Images (%1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="609" />
        <source>(from the photo's GPS position)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="676" />
        <source>%1 m</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="744" />
        <source>Filed %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="748" />
        <source>The report is queued and will be sent when the server is back</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="792" />
        <source>The server cannot be reached, so the call cannot be added to a case now. File it as a new report (Ctrl+Enter): it is kept and sent later.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="802" />
        <source>The call was added to %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="848" />
        <source>Choose a category (type a word, Enter takes the top match).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="849" />
        <source>Describe the problem in the caller's words.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="850" />
        <source>This is not an email address.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="854" />
        <source>An SMS needs a valid phone number.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="856" />
        <source>An email needs the caller's email address.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="859" />
        <source>A photo is no longer there: remove it or add it again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="861" />
        <source>Too long: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/panel.py" line="946" />
        <source>An unfinished report from %1 was found (%2). Restore it?</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../ui/labels.py" line="14" />
        <source>New</source>
        <translation>Нов</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="15" />
        <source>Triaged</source>
        <translation>Разпределен</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="16" />
        <location filename="../ui/labels.py" line="69" />
        <source>Assigned</source>
        <translation>Възложен</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="17" />
        <source>In progress</source>
        <translation>В изпълнение</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="18" />
        <source>Resolved</source>
        <translation>Решен</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="19" />
        <source>Reopened</source>
        <translation>Отворен повторно</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="20" />
        <source>Closed</source>
        <translation>Приключен</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="21" />
        <source>Rejected</source>
        <translation>Отхвърлен</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="22" />
        <source>Duplicate</source>
        <translation>Дубликат</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="25" />
        <source>Low</source>
        <translation>Нисък</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="26" />
        <source>Normal</source>
        <translation>Нормален</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="27" />
        <source>High</source>
        <translation>Висок</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="28" />
        <source>Urgent</source>
        <translation>Спешен</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="31" />
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="32" />
        <source>App</source>
        <translation>Приложение</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="33" />
        <source>Portal</source>
        <translation>Портал</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="34" />
        <source>Email</source>
        <translation>Имейл</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="35" />
        <source>Facebook</source>
        <translation>Facebook</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="36" />
        <source>Open311</source>
        <translation>Open311</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="39" />
        <source>On time</source>
        <translation>В срок</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="40" />
        <source>Due soon</source>
        <translation>Изтичащ срок</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="41" />
        <source>Overdue</source>
        <translation>Просрочени</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="42" />
        <source>Paused</source>
        <translation>Спрян</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="43" />
        <source>Met</source>
        <translation>В срок</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="44" />
        <source>Breached</source>
        <translation>Просрочен</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="47" />
        <source>Public</source>
        <translation>Публично</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="48" />
        <source>Internal</source>
        <translation>Вътрешно</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="49" />
        <source>Crew</source>
        <translation>Екип</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="52" />
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="53" />
        <source>Team lead</source>
        <translation>Ръководител смяна</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="54" />
        <source>Unit staff</source>
        <translation>Служител на звено</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="55" />
        <source>Responder</source>
        <translation>Изпълнител на терен</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="56" />
        <source>Administrator</source>
        <translation>Администратор</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="59" />
        <source>Wrong category</source>
        <translation>Грешна категория</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="60" />
        <source>Wrong district</source>
        <translation>Грешен район</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="61" />
        <source>Not within the unit's competence</source>
        <translation>Извън компетентността на звеното</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="62" />
        <source>Another unit owns the asset</source>
        <translation>Обектът се стопанисва от друго звено</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="63" />
        <source>Needs a specialised unit</source>
        <translation>Нужно е специализирано звено</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="64" />
        <source>Other</source>
        <translation>Друго</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="67" />
        <source>Case filed</source>
        <translation>Сигналът е подаден</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="68" />
        <source>Case changed</source>
        <translation>Сигналът е променен</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="70" />
        <source>Transferred</source>
        <translation>Прехвърлен</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="71" />
        <source>Status changed</source>
        <translation>Сменен статус</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="72" />
        <source>Merged as duplicate</source>
        <translation>Обединен като дубликат</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="73" />
        <source>Duplicate attached</source>
        <translation>Присъединен дубликат</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="74" />
        <source>SLA clock paused</source>
        <translation>Срокът е спрян</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="75" />
        <source>SLA clock resumed</source>
        <translation>Срокът е подновен</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="76" />
        <source>First response</source>
        <translation>Първи отговор</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="77" />
        <source>Message</source>
        <translation>Съобщение</translation>
    </message>
    <message>
        <location filename="../ui/labels.py" line="78" />
        <source>Reporters' data viewed</source>
        <translation>Прегледани данни на подателите</translation>
    </message>
</context>
<context>
    <name>Login</name>
    <message>
        <location filename="../ui/app.py" line="157" />
        <source>Wrong user name or password.</source>
        <translation>Грешен потребител или парола.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../ui/login_dialog.py" line="27" />
        <source>Call Sofia — log in</source>
        <translation>Call Sofia — вход</translation>
    </message>
    <message>
        <location filename="../ui/login_dialog.py" line="29" />
        <location filename="../ui/login_dialog.py" line="41" />
        <source>Server</source>
        <translation>Сървър</translation>
    </message>
    <message>
        <location filename="../ui/login_dialog.py" line="31" />
        <location filename="../ui/login_dialog.py" line="42" />
        <source>User name</source>
        <translation>Потребител</translation>
    </message>
    <message>
        <location filename="../ui/login_dialog.py" line="34" />
        <location filename="../ui/login_dialog.py" line="43" />
        <source>Password</source>
        <translation>Парола</translation>
    </message>
    <message>
        <location filename="../ui/login_dialog.py" line="35" />
        <source>Remember me on this computer</source>
        <translation>Запомни ме на този компютър</translation>
    </message>
    <message>
        <location filename="../ui/login_dialog.py" line="50" />
        <source>No system keyring is available, so the login is kept for this session only: %1</source>
        <translation>Няма системно хранилище за пароли, затова входът се пази само за тази сесия: %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/main_window.py" line="50" />
        <source>Call Sofia Dispatcher</source>
        <translation>Call Sofia Диспечер</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="50" />
        <location filename="../ui/main_window.py" line="117" />
        <source>DEMO</source>
        <translation>ДЕМО</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="71" />
        <source>Queue</source>
        <translation>Опашка</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="74" />
        <source>Case</source>
        <translation>Сигнал</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="77" />
        <source>Phone intake</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/main_window.py" line="83" />
        <source>Map</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/main_window.py" line="114" />
        <source>Connection</source>
        <translation>Връзка</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="121" />
        <source>Embedded demo server with Sofia demo data</source>
        <translation>Вграден демонстрационен сървър с демо данни за София</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="135" />
        <source>● Live</source>
        <translation>● На живо</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="136" />
        <source>● Reconnecting…</source>
        <translation>● Свързване…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="137" />
        <source>● Offline</source>
        <translation>● Няма връзка</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="146" />
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="147" />
        <source>&amp;New phone report</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/main_window.py" line="152" />
        <source>&amp;Settings…</source>
        <translation>&amp;Настройки…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="155" />
        <source>&amp;Quit</source>
        <translation>&amp;Изход</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="159" />
        <source>&amp;View</source>
        <translation>&amp;Изглед</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="164" />
        <location filename="../ui/main_window.py" line="186" />
        <source>Go to the queue</source>
        <translation>Към опашката</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="168" />
        <source>&amp;Help</source>
        <translation>&amp;Помощ</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="169" />
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Клавишни комбинации</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="176" />
        <source>New phone report (intake)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/main_window.py" line="177" />
        <source>Intake: add the call to the highlighted duplicate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/main_window.py" line="178" />
        <source>Intake: pick the location on the map</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/main_window.py" line="179" />
        <source>Move in the queue</source>
        <translation>Движение в опашката</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="180" />
        <source>Open the selected case</source>
        <translation>Отваряне на избрания сигнал</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="181" />
        <source>Filter the queue</source>
        <translation>Филтриране на опашката</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="184" />
        <source>Queue views: all open, new, my unit, assigned to me, due soon, overdue, all</source>
        <translation>Изгледи: всички отворени, нови, моето звено, възложени на мен, изтичащ срок, просрочени, всички</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="187" />
        <source>Triage</source>
        <translation>Триаж</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="188" />
        <source>Assign</source>
        <translation>Възлагане</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="189" />
        <source>Transfer to another unit</source>
        <translation>Прехвърляне към друго звено</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="190" />
        <source>Change status</source>
        <translation>Смяна на статус</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="191" />
        <source>Priority</source>
        <translation>Приоритет</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="192" />
        <source>Category (routes again)</source>
        <translation>Категория (пренасочва отново)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="193" />
        <source>Mark as duplicate</source>
        <translation>Маркиране като дубликат</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="194" />
        <source>Send the message / file the intake report / confirm a dialog</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/main_window.py" line="245" />
        <source>A queued report was delivered: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/main_window.py" line="195" />
        <source>Quit</source>
        <translation>Изход</translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="202" />
        <source>Keyboard shortcuts</source>
        <translation>Клавишни комбинации</translation>
    </message>
</context>
<context>
    <name>Map</name>
    <message>
        <location filename="../ui/map/crews.py" line="17" />
        <source>Off duty</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/map/crews.py" line="18" />
        <source>Available</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/map/crews.py" line="19" />
        <source>En route</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/map/crews.py" line="20" />
        <source>On site</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/map/crews.py" line="48" />
        <source>position time unknown</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/map/crews.py" line="51" />
        <source>position %n min old</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>MapView</name>
    <message>
        <location filename="../ui/map/view.py" line="156" />
        <source>Map of cases and crews</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/map/view.py" line="212" />
        <source>The map is not available: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/map/view.py" line="234" />
        <source>Cases</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>OutboxBadge</name>
    <message>
        <location filename="../ui/intake/outbox_view.py" line="125" />
        <source>Reports not sent yet</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/outbox_view.py" line="131" />
        <source>⧗ %1 pending</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/outbox_view.py" line="133" />
        <source>✗ %1 refused</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>OutboxStrip</name>
    <message>
        <location filename="../ui/intake/outbox_view.py" line="38" />
        <source>Reports not sent yet</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/outbox_view.py" line="40" />
        <source>State</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/outbox_view.py" line="40" />
        <source>Category</source>
        <translation type="unfinished">Категория</translation>
    </message>
    <message>
        <location filename="../ui/intake/outbox_view.py" line="40" />
        <source>Address</source>
        <translation type="unfinished">Адрес</translation>
    </message>
    <message>
        <location filename="../ui/intake/outbox_view.py" line="40" />
        <source>Since</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/outbox_view.py" line="40" />
        <source>Why</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/outbox_view.py" line="82" />
        <source>%1 tries: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/outbox_view.py" line="90" />
        <source>⧗ Pending</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/outbox_view.py" line="90" />
        <source>✗ Refused — Enter to fix</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/outbox_view.py" line="102" />
        <source>Not on the server yet: %1 pending, %2 refused</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../ui/queue/model.py" line="506" />
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="507" />
        <source>SLA</source>
        <translation>Срок</translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="508" />
        <source>Priority</source>
        <translation>Приоритет</translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="509" />
        <source>Category</source>
        <translation>Категория</translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="510" />
        <source>District</source>
        <translation>Район</translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="511" />
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="512" />
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="513" />
        <source>Owner unit</source>
        <translation>Отговорно звено</translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="514" />
        <source>Assignee</source>
        <translation>Изпълнител</translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="515" />
        <source>Channel</source>
        <translation>Канал</translation>
    </message>
    <message>
        <location filename="../ui/queue/model.py" line="516" />
        <source>Age</source>
        <translation>Възраст</translation>
    </message>
</context>
<context>
    <name>QueueWidget</name>
    <message>
        <location filename="../ui/queue/widget.py" line="48" />
        <source>Queue view</source>
        <translation>Изглед на опашката</translation>
    </message>
    <message>
        <location filename="../ui/queue/widget.py" line="52" />
        <source>Filter: number, address, text, unit… (Ctrl+F)</source>
        <translation>Филтър: номер, адрес, текст, звено… (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../ui/queue/widget.py" line="54" />
        <source>Queue filter</source>
        <translation>Филтър на опашката</translation>
    </message>
    <message>
        <location filename="../ui/queue/widget.py" line="73" />
        <source>Case queue</source>
        <translation>Опашка на сигналите</translation>
    </message>
    <message>
        <location filename="../ui/queue/widget.py" line="109" />
        <source>All open</source>
        <translation>Всички отворени</translation>
    </message>
    <message>
        <location filename="../ui/queue/widget.py" line="110" />
        <source>New / untriaged</source>
        <translation>Нови / неразпределени</translation>
    </message>
    <message>
        <location filename="../ui/queue/widget.py" line="111" />
        <source>My unit</source>
        <translation>Моето звено</translation>
    </message>
    <message>
        <location filename="../ui/queue/widget.py" line="112" />
        <source>Assigned to me</source>
        <translation>Възложени на мен</translation>
    </message>
    <message>
        <location filename="../ui/queue/widget.py" line="113" />
        <source>Due soon</source>
        <translation>Изтичащ срок</translation>
    </message>
    <message>
        <location filename="../ui/queue/widget.py" line="114" />
        <source>Overdue</source>
        <translation>Просрочени</translation>
    </message>
    <message>
        <location filename="../ui/queue/widget.py" line="115" />
        <source>All loaded</source>
        <translation>Всички заредени</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/queue/widget.py" line="157" />
        <source>%n case(s)</source>
        <translation>
            <numerusform>%n сигнал</numerusform>
            <numerusform>%n сигнала</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ResultView</name>
    <message>
        <location filename="../ui/intake/result.py" line="27" />
        <source>Tracking number</source>
        <translation type="unfinished">Номер на сигнала</translation>
    </message>
    <message>
        <location filename="../ui/intake/result.py" line="36" />
        <source>Copy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/result.py" line="37" />
        <source>Copy the tracking number (Ctrl+Shift+C)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/result.py" line="41" />
        <source>Owner unit</source>
        <translation type="unfinished">Отговорно звено</translation>
    </message>
    <message>
        <location filename="../ui/intake/result.py" line="45" />
        <source>Deadline</source>
        <translation type="unfinished">Срок</translation>
    </message>
    <message>
        <location filename="../ui/intake/result.py" line="63" />
        <source>The caller now follows this case:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/result.py" line="63" />
        <source>Filed. Tracking number:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/result.py" line="68" />
        <source>Responsible: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/result.py" line="72" />
        <source>Deadline: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/result.py" line="81" />
        <source>Saved, not sent yet: the server cannot be reached.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/result.py" line="82" />
        <source>Pending</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/intake/result.py" line="86" />
        <source>The report is safe on this computer and will be sent automatically. Its tracking number appears here and in the pending list as soon as the server has it.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../ui/settings_dialog.py" line="24" />
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="30" />
        <location filename="../ui/settings_dialog.py" line="45" />
        <source>Language</source>
        <translation>Език</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="32" />
        <source>empty: embedded demo server</source>
        <translation>празно: вграден демо сървър</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="33" />
        <location filename="../ui/settings_dialog.py" line="46" />
        <source>Server</source>
        <translation>Сървър</translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="35" />
        <source>empty: no tiles, districts on a plain background</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="37" />
        <source>A {z}/{x}/{y} tile URL, e.g. the municipal tile server. Default: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="41" />
        <location filename="../ui/settings_dialog.py" line="47" />
        <source>Map tiles</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="43" />
        <location filename="../ui/settings_dialog.py" line="48" />
        <source>Map tile attribution</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="49" />
        <source>Changes take effect the next time the console starts.</source>
        <translation>Промените важат от следващото стартиране на конзолата.</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../ui/app.py" line="112" />
        <source>starting the embedded demo server…</source>
        <translation>стартиране на вградения демо сървър…</translation>
    </message>
</context>
<context>
    <name>ThreadPanel</name>
    <message>
        <location filename="../ui/case/thread.py" line="41" />
        <source>No messages yet.</source>
        <translation>Все още няма съобщения.</translation>
    </message>
    <message>
        <location filename="../ui/case/thread.py" line="69" />
        <source>Case thread</source>
        <translation>Кореспонденция по сигнала</translation>
    </message>
    <message>
        <location filename="../ui/case/thread.py" line="71" />
        <source>Message visibility</source>
        <translation>Видимост на съобщението</translation>
    </message>
    <message>
        <location filename="../ui/case/thread.py" line="75" />
        <source>Write a message… (Ctrl+Enter sends)</source>
        <translation>Напишете съобщение… (Ctrl+Enter изпраща)</translation>
    </message>
    <message>
        <location filename="../ui/case/thread.py" line="76" />
        <source>Message text</source>
        <translation>Текст на съобщението</translation>
    </message>
    <message>
        <location filename="../ui/case/thread.py" line="79" />
        <source>Send</source>
        <translation>Изпрати</translation>
    </message>
    <message>
        <location filename="../ui/case/thread.py" line="86" />
        <source>Visible to:</source>
        <translation>Видимо за:</translation>
    </message>
    <message>
        <location filename="../ui/case/thread.py" line="117" />
        <source>Write something first.</source>
        <translation>Първо напишете текст.</translation>
    </message>
</context>
<context>
    <name>TimelineList</name>
    <message>
        <location filename="../ui/case/timeline.py" line="50" />
        <source>When</source>
        <translation>Кога</translation>
    </message>
    <message>
        <location filename="../ui/case/timeline.py" line="50" />
        <source>What</source>
        <translation>Какво</translation>
    </message>
    <message>
        <location filename="../ui/case/timeline.py" line="50" />
        <source>Who</source>
        <translation>Кой</translation>
    </message>
    <message>
        <location filename="../ui/case/timeline.py" line="50" />
        <source>Details</source>
        <translation>Подробности</translation>
    </message>
    <message>
        <location filename="../ui/case/timeline.py" line="53" />
        <source>Case timeline</source>
        <translation>История на сигнала</translation>
    </message>
</context>
</TS>