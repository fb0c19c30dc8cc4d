"""More of the world's conflict vocabulary and of the words that cancel or absorb a trigger:
assaults and gunfire, demolitions, withdrawals, ceasefires, verbs of meeting, concern
expressed; weapons seized or defused, a purpose «ل», a habit named after the trigger, an
absence; label-specific absorption (events/types.py, event_types.yaml)."""

from __future__ import annotations

import pytest

from events.types import find_triggers, sentence_types


def types_of(text):
    return [t.event_type for t in sentence_types(text)]


def labels_of(text):
    return [(t.event_type, t.label) for t in sentence_types(text)]


@pytest.mark.parametrize("text, expected", [
    # assault, gunfire of someone, a martyr's death
    ("تعرض شرطي صباح اليوم إلى اعتداء بسكين أمام مركز الأمن", "attack"),
    ("اعتدى مجهولون على صحفيين أثناء تغطيتهم للتظاهرة", "attack"),
    ("قتل شاب برصاص قوات الأمن قرب الحاجز العسكري", "attack"),
    ("استشهد مواطن وأصيب آخران بالرصاص الحي في البلدة", "attack"),
    ("Gunmen massacred villagers in the region overnight", "attack"),
    ("Two students died in police firing during Sunday's march", "attack"),
    # a meeting by its verb, future or plural
    ("ستجتمع اللجنة العسكرية المشتركة يوم الخميس المقبل في العاصمة", "meeting"),
    ("اجتمع الوزير مع نظيره في القاهرة", "meeting"),
    # concern expressed is a statement
    ("The foreign minister expressed deep concern about the humanitarian situation in the region", "statement"),
    ("أعربت الوزارة عن قلقها من تصاعد العنف في الإقليم", "statement"),
    # military action, a conflict breaking out
    ("Civilians have been killed since military action against the rebels began", "armed_clash"),
    ("The conflict broke out in the region ten years ago", "armed_clash"),
    ("Residents held rallies against the peacekeepers in the city", "protest"),
    # fighting by its verb, air operations, force used on people
    ("وتقاتل القوات الحكومية فصيلا مسلحا في الإقليم منذ أشهر", "armed_clash"),
    ("The air force carried out air operations against rebel positions on Friday", "airstrike"),
    ("نفذت الطائرات الحربية عمليات جوية على مواقع المسلحين", "airstrike"),
    ("أقدمت قوات الأمن على استعمال القوة في حق المحتجين أمام البرلمان", "attack"),
])
def test_more_vocabulary(text, expected):
    assert expected in types_of(text)


@pytest.mark.parametrize("text, label", [
    ("هدمت القوات عشرات المنازل داخل المخيم", "demolition"),
    ("The army demolished dozens of homes in the camp", "demolition"),
    ("أعلن الجيش انسحاب قواته من البلدة", "withdrawal"),
    ("The troops withdrew from the border town last week", "withdrawal"),
    ("The rebels ousted the government from the capital in 2014", "overthrow"),
    ("A ceasefire brokered by the mediators went into effect on Monday", "ceasefire"),
])
def test_strategic_developments_are_other(text, label):
    assert ("other", label) in labels_of(text)


@pytest.mark.parametrize("text, absent", [
    # weapons seized, found or defused are no blast
    ("وتم حجز أسلحة ومتفجرات وأحزمة ناسفة بحوزة المتهم", "bombing"),
    ("نجحت فرق الهندسة في تفكيك 7 ألغام تقليدية الصنع قرب الطريق", "bombing"),
    ("Police defused an explosive device found near the school", "bombing"),
    ("Troops seized a cache of explosives and detonators in the forest", "bombing"),
    # a purpose «ل»: the arrest is sought
    ("وباشرت الشرطة التحري عن هوية المتورطين للقبض عليهم", "arrest"),
    ("تكثف الأجهزة الأمنية جهودها لاعتقال منفذي الهجوم", "arrest"),
    # a habit named after the trigger
    ("لا يزال التنظيم يحتفظ بخلايا تشن هجمات من حين إلى آخر", "attack"),
    ("The militants carry out raids on the villages from time to time", "attack"),
    # an absence
    ("The absence of attacks on its soil has fuelled speculation", "attack"),
    # a demand is not a happening
    ("وتطالب الحكومة المحلية بانسحاب القوات من المنطقة", "other"),
    # talks about a ceasefire: the ceasefire is what they discuss
    ("اجتمع ممثلو الطرفين في العاصمة لبحث تثبيت وقف إطلاق النار", "other"),
    # the arrest made by a security operation is the arrest
    ("نفذت الوحدات عملية أمنية أسفرت عن القبض على خمسة مطلوبين", "other"),
    # what an attack destroys is part of it
    ("Gunmen ambushed a patrol and destroyed two vehicles", "other"),
    # a name with a capital before "Army"
    ("The Baloch Liberation Army said its fighters took part", "other"),
])
def test_cancelled_or_absorbed(text, absent):
    assert absent not in types_of(text)


@pytest.mark.parametrize("text, expected", [
    # guards that must not eat real happenings
    ("تعرض الصحفيون للاعتقال أثناء تغطيتهم للتظاهرة", "arrest"),
    ("أدت المداهمة لاعتقال ثلاثة مطلوبين", "arrest"),
    ("انفجرت عبوة ناسفة بدورية للجيش على الطريق", "bombing"),
    ("A car bomb exploded near the police station", "bombing"),
    ("قصفت المدفعية بالصواريخ قرى في ريف المدينة", "attack"),
    ("Militants attacked the base on Monday and regularly shell the town", "attack"),
    ("The sides agreed a ceasefire that went into effect at midnight", "other"),
])
def test_real_happenings_beside_the_new_guards(text, expected):
    assert expected in types_of(text)


def test_an_aircraft_keeps_a_shelling_an_air_strike():
    # «قصفت» beside «صواريخ» is ground shelling, unless an aircraft fires them
    text = "وأفاد شهود بأن طائرة حربية قصفت بصاروخين مخزنا للأسلحة"
    kinds = {t.text: t.event_type for t in find_triggers(text)}
    assert kinds["قصفت"] == "airstrike"
